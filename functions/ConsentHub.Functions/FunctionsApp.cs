using ConsentHub.Functions.Durable;
using ConsentHub.Functions.Http;
using ConsentHub.Functions.Propagation;
using ConsentHub.Hub;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentHub.Functions;

/// The Functions app's composition: the worker with ASP.NET Core integration and the hub's services as the Functions
/// host runs them. Program.cs and the tests' harness (which builds the same worker without the host) both call it.
public static class FunctionsApp
{
    public static FunctionsApplicationBuilder Configure(FunctionsApplicationBuilder builder)
    {
        // Its writes start their propagation through Cosmos DB's commit and change feed, and its instances share the
        // store: a file of one instance's own would leave every change unpropagated and every instance on its own data.
        if (!StorageRegistration.IsCosmos(builder.Configuration))
            throw new StartRefusedException("The Functions app keeps its events in Cosmos DB: set ConsentHub__Store=cosmos and ConsentHub__Cosmos__Endpoint. "
                + "The embedded SQLite store is the self-hosted server's (dotnet run --project functions/ConsentHub.Server).");
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddHub(builder.Configuration, builder.Environment, HubHost.Functions);
        builder.Services.AddSingleton<DurableClientAccessor>();
        builder.Services.AddDurablePropagation();
        builder.Services.AddSingleton(sp => new HubHttpPipeline(sp));
        // The worker's own Kestrel takes the requests the host forwards: the same body limit as the server's.
        builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = RequestBodies.MaxBytes);
        return builder;
    }
}
