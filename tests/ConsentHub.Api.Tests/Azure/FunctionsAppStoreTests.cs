using ConsentHub.Functions;
using ConsentHub.Hub;
using Microsoft.Azure.Functions.Worker.Builder;

namespace ConsentHub.Api.Tests.Azure;

/// The Functions app runs on Cosmos DB only: on the embedded store no write would start its propagation and each
/// instance would keep data of its own. It refuses to start with one line naming the setting.
public sealed class FunctionsAppStoreTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("sqlite")]
    public void The_Functions_app_refuses_any_store_but_Cosmos_DB(string? store)
    {
        var builder = FunctionsApplication.CreateBuilder(["--environment", "Production"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConsentHub:Store"] = store });

        var refused = Assert.Throws<StartRefusedException>(() => FunctionsApp.Configure(builder));

        Assert.Contains("ConsentHub__Store=cosmos", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
