using System.Collections.Concurrent;
using ConsentHub.Domain.Propagation;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Api.Tests.Kit;

/// The Functions-app leg's propagation driver for as long as the Functions app registers none of its own (it will
/// register a Durable one, whose orchestrations then run in FunctionsAppHub's DurableTaskTestHost and this goes unused).
/// It takes the tasks the change feed starts and, when a test delivers, runs each through the hub's PropagationRunner
/// as a driver would: a failed attempt again at the time the runner decided, until each target has finished.
public sealed class PropagationRelay : IPropagationDispatch
{
    private readonly ConcurrentQueue<(PropagationTask Task, DateTimeOffset DueAt)> _tasks = new();

    public Task EnqueueAsync(IReadOnlyList<PropagationTask> tasks, DateTimeOffset dueAt, CancellationToken ct)
    {
        foreach (var task in tasks) _tasks.Enqueue((task, dueAt));
        return Task.CompletedTask;
    }

    public async Task DrainAsync(IServiceProvider worker)
    {
        var runner = worker.GetRequiredService<PropagationRunner>();
        while (_tasks.TryDequeue(out var next))
        {
            if (next.DueAt - DateTimeOffset.UtcNow is { Ticks: > 0 } wait) await Task.Delay(wait);
            if (await runner.ExecuteAsync(next.Task, CancellationToken.None) is { Status: TargetStatus.Failed, RetryAt: { } retryAt })
                _tasks.Enqueue((next.Task, retryAt));
        }
    }
}
