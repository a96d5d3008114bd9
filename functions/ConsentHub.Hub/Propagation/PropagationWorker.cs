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
                // The log reader starts these again in its turn; a start is idempotent, so that only repeats work.
                foreach (var change in changes) await starter.StartAsync(change, stoppingToken);
                var leased = await queue.LeasePriorityAsync(o.Parallelism * 4, clock.GetUtcNow(), o.Lease, stoppingToken);
                await Parallel.ForEachAsync(leased, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism, CancellationToken = stoppingToken },
                    async (task, ct) => await RunAsync(task, ct));
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
                var leased = await queue.LeaseAsync(o.Parallelism * 4, clock.GetUtcNow(), o.Lease, stoppingToken);
                await Parallel.ForEachAsync(leased, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism, CancellationToken = stoppingToken },
                    async (task, ct) => await RunAsync(task, ct));
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

    private async Task RunAsync(PropagationTask task, CancellationToken ct)
    {
        try
        {
            switch (await runner.ExecuteAsync(task, ct))
            {
                case { Status: TargetStatus.Failed, RetryAt: { } retryAt }: await queue.RescheduleAsync(task, retryAt, ct); break;
                case { Status: TargetStatus.DeadLettered }: await queue.DeadLetterAsync(task, ct); break;
                default: await queue.CompleteAsync(task, ct); break;   // succeeded, or nothing left to run
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // One task's failure must not cancel the others of its round; its lease runs out and it is tried again.
            logger.LogError("Propagation task {Target} of {Propagation} failed: {Message}", task.Target, task.PropagationId, ex.Message);
        }
    }
}
