using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub;

namespace ConsentHub.Api.Tests;

/// The hub's own settings (`ConsentHub:*` outside a capability's section) are one options object, checked before the
/// hub answers: a bad value stops the start with one line that names the setting, as the other start-up refusals do.
public sealed class HubSettingsStartupTests
{
    private static WebApplication Create(Dictionary<string, string?> settings) =>
        HubApp.Create(["--environment", "Production"], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(settings);
        });

    [Theory]
    [InlineData("mongo")]
    [InlineData("sqlite3")]
    public void An_unknown_store_stops_the_start_with_a_line_naming_the_setting(string store)
    {
        var refused = Assert.Throws<StartRefusedException>(() => Create(new()
        {
            ["ConsentHub:Store"] = store, ["ConsentHub:DataDir"] = TestHub.NewDataDir(), ["ConsentHub:PublicBaseUrl"] = "http://127.0.0.1:9",
        }));
        Assert.StartsWith("ConsentHub will not start: ConsentHub__Store", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'sqlite' or 'cosmos'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_settings_are_one_object_the_hub_reads_its_operator_key_from()
    {
        await using var hub = await TestHub.StartAsync();
        var options = hub.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HubOptions>>().Value;
        Assert.Same(hub.Services.GetRequiredService<HubOptions>(), options);
        Assert.Equal("sqlite", options.Store);
        Assert.False(string.IsNullOrEmpty(options.AdminKey));   // TestHub configures one: the operator routes exist
        using var op = hub.Operator();
        using var response = await op.GetAsync("/api/v1/admin/tenants/none");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
