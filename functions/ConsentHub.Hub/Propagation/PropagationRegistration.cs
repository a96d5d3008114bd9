using ConsentHub.Hub.Projections.Views;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentHub.Hub.Propagation;

public static class PropagationRegistration
{
    /// Takes the driver the store registered (its queue: SQLite, or Cosmos DB on the self-hosted server); without a
    /// queue, in the Functions app, the Durable orchestration runs the tasks and no worker runs here.
    public static IServiceCollection AddPropagation(this IServiceCollection services)
    {
        services.AddOptions<PropagationOptions>().BindConfiguration(PropagationOptions.Section)
            .Validate(o => o.MaxAttempts >= 1 && o.Parallelism >= 1 && o.BaseDelay > TimeSpan.Zero, "ConsentHub:Propagation needs MaxAttempts ≥ 1, Parallelism ≥ 1 and a positive BaseDelay")
            .ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(IPropagationQueue)))
        {
            // Told of every commit by the store, so opt-outs start at once (one instance: the lane and the observer).
            var lane = new PriorityLane();
            services.AddSingleton(lane);
            services.AddSingleton<Storage.ICommitObserver>(lane);
            services.AddHostedService<PropagationWorker>();
        }
        services.AddSingleton<IViewProjector>(PropagationViews.Projector);
        services.AddSingleton<PropagationViews>();
        services.AddSingleton<ChangeContexts>();
        services.AddSingleton<PropagationStreams>();
        services.AddSingleton<PropagationStarter>();
        services.AddSingleton<PropagationRunner>();
        services.TryAddSingleton<IPropagationRunner>(sp => sp.GetRequiredService<PropagationRunner>());
        return services;
    }

    /// For a host whose driver starts each propagation from the write path (the Functions app): every commit starts
    /// the propagation of its changes at once. The self-hosted server does not call this.
    public static IServiceCollection AddPropagationAfterCommit(this IServiceCollection services)
    {
        services.AddSingleton<Storage.ICommitObserver, StartAfterCommit>();
        return services;
    }
}
