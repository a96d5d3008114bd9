using ConsentHub.Functions.Durable;
using ConsentHub.Functions.Propagation;
using ConsentHub.Hub.Propagation;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Hosting;

namespace ConsentHub.Api.Tests.Kit;

/// The Functions app's propagation under Microsoft.DurableTask.InProcessTestHost: its orchestrator and activity
/// registered as the worker registers them (the same PropagationOrchestration and PropagationAttempt behind the
/// `[Function]` wrappers), the activity running over a hub's services.
public static class DurablePropagationKit
{
    /// Registers the orchestrator and its activity; the activity resolves PropagationAttempt from `hub` (services
    /// built with AddHub and then AddDurablePropagation, as the Functions app's Program.cs builds them).
    public static DurableTaskRegistry AddPropagation(this DurableTaskRegistry registry, IServiceProvider hub)
    {
        registry.AddOrchestratorFunc<PropagationOrder, IReadOnlyDictionary<string, TargetProgress>>(PropagationOrchestration.Orchestrator,
            (context, order) => PropagationOrchestration.RunAsync(context, order));
        registry.AddActivityFunc<PropagationTask, AttemptResult?>(PropagationOrchestration.Attempt,
            (_, task) => hub.GetRequiredService<PropagationAttempt>().RunAsync(task, CancellationToken.None));
        return registry;
    }

    /// A Durable test host running the propagation over `hub`'s services.
    public static Task<DurableTaskTestHost> StartAsync(IServiceProvider hub) => StartHostAsync(registry => registry.AddPropagation(hub));

    /// A Durable test host on a free loopback port, quiet as the hubs under test. A port found free can be taken by a
    /// parallel test before the host binds it (the host's own default is a random one): then another port is tried.
    public static Task<DurableTaskTestHost> StartHostAsync(Action<DurableTaskRegistry> tasks, Action<IServiceCollection>? services = null) =>
        TestHub.OnFreePortAsync(port => DurableTaskTestHost.StartAsync(tasks, new DurableTaskTestHostOptions
        {
            Port = port,
            LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
            ConfigureServices = services,
        }));

    /// For a TestHub's `configure`: applies `after` to the hub's services after AddHub (TestHub's own `services` hook
    /// runs before it), as the Functions app's Program.cs calls AddDurablePropagation after AddHub.
    public static void AfterHub(WebApplicationBuilder builder, Action<IServiceCollection> after) =>
        builder.Host.UseServiceProviderFactory(new AfterHubFactory(after));

    /// The Functions app's additions, and each request handed `client()` first, as the HTTP function hands its
    /// [DurableClient] to DurableClientAccessor before running the hub's pipeline. A null client: a write path without one.
    public static void AsFunctionsApp(WebApplicationBuilder builder, Func<DurableTaskClient?> client) => AfterHub(builder, services =>
    {
        services.AddDurablePropagation();
        services.AddSingleton<IStartupFilter>(new HandClient(client));
    });

    /// The orchestration instance of a propagation (`propagation-{eventId}` of the status route).
    public static string InstanceOf(string tenant, string propagationId) => PropagationOrchestration.InstanceId(tenant, propagationId);

    private sealed class AfterHubFactory(Action<IServiceCollection> after) : IServiceProviderFactory<IServiceCollection>
    {
        public IServiceCollection CreateBuilder(IServiceCollection services)
        {
            after(services);
            return services;
        }

        public IServiceProvider CreateServiceProvider(IServiceCollection services) =>
            services.BuildServiceProvider();
    }

    private sealed class HandClient(Func<DurableTaskClient?> client) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var accessor = app.ApplicationServices.GetRequiredService<DurableClientAccessor>();
            app.Use((context, then) =>
            {
                accessor.Client = client();
                return then(context);
            });
            next(app);
        };
    }
}
