using ConsentHub.Hub.Propagation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentHub.Hub.FunctionsHost;

/// The routes the Functions host invokes for non-HTTP triggers. Not public API, so not in the OpenAPI document.
/// Mapped only under the Functions host (never in the embedded run), and there answered only for the host's own
/// calls: the catch-all HTTP function's route excludes these names (functions/Api/function.json), and a request
/// that still shows the marks of a forwarded one is answered as if the route did not exist. Every handler also
/// treats its input as a notice and reads what it acts on from the store or the runner's own state.
public static class InvocationEndpoints
{
    public static IEndpointRouteBuilder MapFunctionInvocations(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!Http.Hosting.UnderFunctionsHost(configuration)) return app;
        var host = app.MapGroup("").ExcludeFromDescription()
            .AddEndpointFilter((context, next) => HostCalls.FromHost(context.HttpContext.Request) ? next(context)
                : ValueTask.FromResult<object?>(Http.Problems.NotFound("No such route; see /api/v1/openapi.json.")));
        // The change feed is Cosmos DB's: with another store the route answers that it has none.
        if (Storage.StorageRegistration.IsCosmos(configuration)) host.MapPost($"/{FunctionNames.EventsChangeFeed}", ChangeFeedFunction.HandleAsync);
        else host.MapPost($"/{FunctionNames.EventsChangeFeed}", ChangeFeedFunction.Unavailable);
        foreach (var (name, kind) in FunctionNames.Propagation)
            host.MapPost($"/{name}", (HttpContext http, IPropagationRunner runner, ServiceBus.IServiceBusSender sender, TimeProvider clock, CancellationToken ct) =>
                PropagationFunction.HandleAsync(http, kind, runner, sender, clock, ct));
        host.MapPost($"/{FunctionNames.Retention}", TimerFunctions.RetentionAsync);
        host.MapPost($"/{FunctionNames.RequestDeadlines}", TimerFunctions.RequestDeadlinesAsync);
        return app;
    }

    public static IServiceCollection AddFunctionInvocations(this IServiceCollection services, IConfiguration configuration)
    {
        if (ServiceBus.ServiceBusOptions.From(configuration) is { } serviceBus)
        {
            services.AddSingleton(serviceBus);
            services.TryAddSingleton<Azure.Core.TokenCredential>(_ => new Azure.Identity.DefaultAzureCredential());
            services.AddHttpClient<ServiceBus.IServiceBusSender, ServiceBus.ServiceBusRestSender>();
            // On Azure (Cosmos DB under the Functions host) each new propagation task is a message on the topic.
            if (Http.Hosting.UnderFunctionsHost(configuration) && Storage.StorageRegistration.IsCosmos(configuration))
                services.AddSingleton<IPropagationDispatch, ServiceBusPropagationDispatch>();
        }
        else services.AddSingleton<ServiceBus.IServiceBusSender, ServiceBus.NoServiceBus>();
        return services;
    }
}
