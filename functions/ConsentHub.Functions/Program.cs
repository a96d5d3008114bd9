using ConsentHub.Functions;
using ConsentHub.Hub;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

return await HubStart.RunAsync(async () =>
{
    using var host = FunctionsApp.Configure(FunctionsApplication.CreateBuilder(args)).Build();
    host.Services.RunStartupChecks();
    await host.RunAsync();
});

// Internal: the tests reference both hosts, and `Program` there is the self-hosted server's (ASP.NET Core would
// otherwise make this one public as well).
internal partial class Program;
