using ConsentHub.Domain.Propagation;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Propagation;

/// The local driver: starts propagations from the log and runs due tasks from the queue, a few at a time, telling
/// the queue what comes next for each. A second loop, the priority lane, starts the changes that stop processing as
/// soon as they commit (PriorityLane) and runs only priority tasks, so an opt-out never waits for a bulk round
/// (a CRM migration's changes and their slow deliveries) to finish.
public sealed class PropagationWorker(PropagationStarter starter, PropagationRunner runner, IPropagationQueue queue,
    IOptions<PropagationOptions> options, TimeProvider clock, ILogger<PropagationWorker> logger, PriorityLane? lane = null) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return Task.CompletedTask;
        return Task.WhenAll(Task.Run(() => BulkAsync(stoppingToken), stoppingToken), Task.Run(() => PriorityAsync(stoppingToken), stoppingToken));
    }

    private async Task PriorityAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var changes = lane is null ? [] : await lane.NextAsync(o.PollInterval, clock, stoppingToken);
                // Together, as a page of the log is; the log reader finds them started and only queues what is unfinished.
                await starter.StartAllAsync(changes, stoppingToken);
                var leased = await queue.LeasePriorityAsync(RoundSize(o), clock.GetUtcNow(), o.Lease, stoppingToken);
                await RunRoundAsync(leased, o, stoppingToken);
                if (lane is null && leased.Count == 0) await Task.Delay(o.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Priority propagation round failed");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    private async Task BulkAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var read = await starter.RunOnceAsync(stoppingToken);
                var leased = await queue.LeaseAsync(RoundSize(o), clock.GetUtcNow(), o.Lease, stoppingToken);
                await RunRoundAsync(leased, o, stoppingToken);
                if (read == 0 && leased.Count == 0) await Task.Delay(o.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failed round leaves leases to run out and the checkpoint where it was: the work is retried, not lost.
                logger.LogError(ex, "Propagation round failed");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    /// Runs a round's tasks (a few at a time, or all at once with a few provider calls at a time where the store commits
    /// concurrent writes together), then tells the queue what each came to in one write. Each outcome is
    /// recorded in its propagation before it is settled here, so a crash in between only runs a task again, which
    /// then does nothing (its target is finished, or waits for its retry time).
    private async Task RunRoundAsync(IReadOnlyList<PropagationTask> leased, PropagationOptions o, CancellationToken stoppingToken)
    {
        if (leased.Count == 0) return;
        var settled = new System.Collections.Concurrent.ConcurrentQueue<Settlement>();
        using var deliveries = queue.CommitsTogether ? new SemaphoreSlim(o.Parallelism, o.Parallelism) : null;
        var width = deliveries is null ? o.Parallelism : leased.Count;
        await Parallel.ForEachAsync(leased, new ParallelOptions { MaxDegreeOfParallelism = width, CancellationToken = stoppingToken },
            async (task, ct) =>
            {
                if (await RunAsync(task, deliveries, ct) is { } s) settled.Enqueue(s);
            });
        if (!settled.IsEmpty) await queue.SettleAsync([.. settled], stoppingToken);
    }

    // Where a round's store writes share commits, a longer round costs about the same commits as a short one.
    private int RoundSize(PropagationOptions o) => o.Parallelism * (queue.CommitsTogether ? 16 : 4);

    private async Task<Settlement?> RunAsync(PropagationTask task, SemaphoreSlim? deliveries, CancellationToken ct)
    {
        try
        {
            return await runner.ExecuteAsync(task, ct, deliveries) switch
            {
                { Status: TargetStatus.Failed, RetryAt: { } retryAt } => new Settlement(task, RetryAt: retryAt),
                { Status: TargetStatus.DeadLettered } => new Settlement(task, Dead: true),
                _ => new Settlement(task),   // succeeded, or nothing left to run
            };
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // One task's failure must not cancel the others of its round; its lease runs out and it is tried again.
            logger.LogError("Propagation task {Target} of {Propagation} failed: {Message}", task.Target, task.PropagationId, ex.Message);
            return null;
        }
    }
}
