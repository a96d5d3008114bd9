using ConsentHub.Contracts.Events;

namespace ConsentHub.Hub.Jobs;

/// The retention run: every registered IRetentionStep in turn, at one `now`, each step's count (or its failure) recorded
/// as a `retention.ran` event of its own stream (RetentionRuns). A step that throws is logged and recorded as failed;
/// the steps after it still run. Pruning seals away, never edits history: steps destroy keys (crypto-shredding), erase
/// subjects by the erasure path, or remove lines of the outbox files.
public sealed class RetentionJob(IEnumerable<IRetentionStep> steps, RetentionRuns runs, TimeProvider clock, ILogger<RetentionJob> logger) : IDisposable
{
    // One run at a time in a process: the schedule and the operator's route may meet.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task<JobEvent.RetentionRan> RunAsync(string trigger, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            var counts = new List<RetentionStepCount>();
            foreach (var step in steps)
                counts.Add(await RunStepAsync(step, now, ct));
            var run = await runs.RecordAsync(trigger, now, counts, ct);
            logger.LogInformation("Retention run at {At:O} ({Trigger}): {Counts}", now, trigger,
                string.Join(", ", counts.Select(c => $"{c.Step} {c.Pruned}" + (c.Failures.Count > 0 ? $" (failed: {string.Join(" ", c.Failures)})" : ""))));
            return run;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RetentionStepCount> RunStepAsync(IRetentionStep step, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return new(step.Name, await step.RunAsync(now, ct), []);
        }
        catch (RetentionStepFailedException partly)
        {
            return new(step.Name, partly.Pruned, new(partly.Tenants));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Retention step {Step} failed", step.Name);
            return new(step.Name, 0, new(["*"]));
        }
    }
}
