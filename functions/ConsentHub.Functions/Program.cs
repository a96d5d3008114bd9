using ConsentHub.Functions.Durable;
using ConsentHub.Functions.Propagation;
using ConsentHub.Hub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddHub(builder.Configuration, builder.Environment);
builder.Services.AddSingleton<DurableClientAccessor>();
builder.Services.AddDurablePropagation();
var host = builder.Build();
host.Services.RunStartupChecks();
await host.RunAsync();

// Internal: the tests reference both hosts, and `Program` there is the self-hosted server's (ASP.NET Core would
// otherwise make this one public as well).
internal partial class Program;
