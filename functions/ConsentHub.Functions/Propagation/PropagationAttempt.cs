using ConsentHub.Hub.Propagation;

namespace ConsentHub.Functions.Propagation;

/// The activity: one attempt at one target through the runner both hosts share (it records the attempt, delivers,
/// and records the outcome as the domain's decider rules). Safe to run again: a finished target runs nothing and
/// answers its recorded state (a prohibition's first attempt is made on the priority lane before the orchestration).
public sealed class PropagationAttempt(PropagationRunner runner)
{
    public async Task<AttemptResult?> RunAsync(PropagationTask task, CancellationToken ct) =>
        (await runner.ExecuteAsync(task, ct) ?? await runner.RecordedAsync(task, ct)) is { } state
            ? new AttemptResult(state.Status, state.Attempts, state.LastError, state.RetryAt) : null;
}
