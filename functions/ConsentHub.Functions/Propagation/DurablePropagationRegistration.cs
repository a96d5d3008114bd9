using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ConsentHub.Functions.Durable;
using ConsentHub.Hub.ChangeFeed;
using ConsentHub.Hub.Propagation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentHub.Functions.Propagation;

public static class DurablePropagationRegistration
{
    /// After AddHub: propagation runs as Durable orchestrations, started by each write right after its commit and by
    /// the change-feed sweep timer. The self-hosted drivers (the queue worker and the change-feed reader loop) do not
    /// run here, and nothing is put on a queue.
    public static IServiceCollection AddDurablePropagation(this IServiceCollection services)
    {
        services.TryAddSingleton<DurableClientAccessor>();
        services.RemoveAll<IPropagationQueue>();
        services.RemoveAll<IPropagationDispatch>();
        services.AddSingleton<IPropagationDispatch, DurablePropagationDispatch>();
        services.RemoveHosted(typeof(PropagationWorker));
        services.RemoveHosted(typeof(ChangeFeedReader));
        services.AddPropagationAfterCommit();
        services.AddSingleton<PropagationAttempt>();
        return services;
    }

    private static void RemoveHosted(this IServiceCollection services, Type implementation)
    {
        foreach (var d in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == implementation).ToList()) services.Remove(d);
    }
}
