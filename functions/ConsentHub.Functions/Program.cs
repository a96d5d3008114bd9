using ConsentHub.Functions.Durable;
using ConsentHub.Hub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddHub(builder.Configuration, builder.Environment);
builder.Services.AddSingleton<DurableClientAccessor>();
var host = builder.Build();
host.Services.RunStartupChecks();
await host.RunAsync();
