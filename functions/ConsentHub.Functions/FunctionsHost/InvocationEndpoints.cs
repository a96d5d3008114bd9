using ConsentHub.Functions.Propagation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentHub.Functions.FunctionsHost;

/// The routes the Functions host invokes for non-HTTP triggers. Not public API, so not in the OpenAPI document;
/// the catch-all HTTP function reaches these paths too, which is why every handler treats its input as a notice
/// and reads what it acts on from the store or the runner's own state.
public static class InvocationEndpoints
{
    public static IEndpointRouteBuilder MapFunctionInvocations(this IEndpointRouteBuilder app)
    {
        app.MapPost($"/{FunctionNames.EventsChangeFeed}", ChangeFeedFunction.HandleAsync).ExcludeFromDescription();
        foreach (var (name, kind) in FunctionNames.Propagation)
            app.MapPost($"/{name}", (HttpContext http, IPropagationRunner runner, TimeProvider clock, CancellationToken ct) => PropagationFunction.HandleAsync(http, kind, runner, clock, ct))
                .ExcludeFromDescription();
        app.MapPost($"/{FunctionNames.Retention}", TimerFunctions.RetentionAsync).ExcludeFromDescription();
        app.MapPost($"/{FunctionNames.RequestDeadlines}", TimerFunctions.RequestDeadlinesAsync).ExcludeFromDescription();
        return app;
    }

    public static IServiceCollection AddFunctionInvocations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ChangeFeedEvents>();
        if (ServiceBus.ServiceBusOptions.From(configuration) is { } serviceBus)
        {
            services.AddSingleton(serviceBus);
            services.TryAddSingleton<Azure.Core.TokenCredential>(_ => new Azure.Identity.DefaultAzureCredential());
            services.AddHttpClient<ServiceBus.IServiceBusSender, ServiceBus.ServiceBusRestSender>();
        }
        return services;
    }
}
