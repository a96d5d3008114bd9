using ConsentHub.Functions;
using ConsentHub.Hub;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

try
{
    using var host = FunctionsApp.Configure(FunctionsApplication.CreateBuilder(args)).Build();
    host.Services.RunStartupChecks();
    await host.RunAsync();
}
catch (StartRefusedException refused)
{
    // One line that names the setting or file and the fix, where the host's log shows it; a stack trace would bury both.
    Console.Error.WriteLine(refused.Message);
    return 1;
}
return 0;

// Internal: the tests reference both hosts, and `Program` there is the self-hosted server's (ASP.NET Core would
// otherwise make this one public as well).
internal partial class Program;
