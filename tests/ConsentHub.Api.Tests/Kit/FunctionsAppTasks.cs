using Microsoft.DurableTask;

namespace ConsentHub.Api.Tests.Kit;

/// The Functions app's orchestrators and activities as FunctionsAppHub registers them into its DurableTaskTestHost:
/// the one place to add them, so every Functions-app leg runs them. `worker` is the hub's worker services, for task
/// code that needs the hub's own (stores, runner); `taskServices` is the test host's container, which activates
/// class-based tasks.
public static class FunctionsAppTasks
{
    public static void Register(DurableTaskRegistry tasks, IServiceProvider worker) => tasks.AddPropagation(worker);

    public static void AddServices(IServiceCollection taskServices, IServiceProvider worker)
    {
        // Services the orchestrator and activities resolve, forwarded from the worker's.
    }
}
