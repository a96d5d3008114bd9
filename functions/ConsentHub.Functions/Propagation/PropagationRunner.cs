using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Projections;
using Microsoft.Extensions.Options;

namespace ConsentHub.Functions.Propagation;

/// Runs one task: records the attempt, delivers, records the outcome, and tells the queue what comes next.
public sealed class PropagationRunner(IEventStore store, ChangeContexts contexts, IEnumerable<IPropagationTarget> targets,
    IPropagationQueue queue, ProjectionHost projections, IOptions<PropagationOptions> options, TimeProvider clock, ILogger<PropagationRunner> logger)
{
    private readonly DeciderRunner<PropagationEvent, PropagationState> _runner = new(store, PropagationState.Initial, PropagationState.Evolve);

    public async Task RunAsync(PropagationTask task, CancellationToken ct)
    {
        var stream = new StreamId(task.Tenant, task.PropagationId);
        EventMeta Meta(string requestId) => new(requestId, requestId, clock.GetUtcNow());
        var started = await _runner.TransactAsync(stream, s => (s, PropagationDecider.StartAttempt(s, task.Target, Meta)), e => e.Meta, ct);
        var state = started.State;
        if (started.LastPosition is null || state.Change is null)
        {
            await queue.CompleteAsync(task, ct);   // already finished (a redelivered task), or nothing to run
            return;
        }
        var attempt = state.Targets[task.Target].Attempts;
        var outcome = await DeliverAsync(task, state.Change, attempt, ct);
        var finished = await _runner.TransactAsync(stream,
            s => (0, PropagationDecider.Finish(s, task.Target, attempt, outcome, options.Value.Retry, clock.GetUtcNow(), Random.Shared.NextDouble(), Meta)),
            e => e.Meta, ct);
        if (finished.LastPosition is { } position) await projections.CatchUpAsync(position, ct);
        switch (finished.State.Targets[task.Target])
        {
            case { Status: TargetStatus.Failed, RetryAt: { } retryAt }: await queue.RescheduleAsync(task, retryAt, ct); break;
            case { Status: TargetStatus.DeadLettered }: await queue.DeadLetterAsync(task, ct); break;
            default: await queue.CompleteAsync(task, ct); break;
        }
    }

    private async Task<AttemptOutcome> DeliverAsync(PropagationTask task, PropagationEvent.Started change, int attempt, CancellationToken ct)
    {
        if (targets.FirstOrDefault(t => t.Handles(task.Target)) is not { } target) return new AttemptOutcome.Refused($"no handler for target '{task.Target}'");
        if (await contexts.LoadAsync(task.Tenant, change, ct) is not { } context) return new AttemptOutcome.Refused("the change is no longer readable");
        try
        {
            var result = await target.DeliverAsync(task.Target, context, $"{task.PropagationId}/{task.Target}", ct);
            return result switch
            {
                DeliveryResult.Accepted a => new AttemptOutcome.Delivered(a.ProviderRef),
                DeliveryResult.Transient t => new AttemptOutcome.Retry(t.Why, t.RetryAfter),
                DeliveryResult.Permanent p => new AttemptOutcome.Refused(p.Why),
                _ => throw new InvalidOperationException($"Unhandled {result}"),
            };
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)   // a fault in a handler is retried and, in the end, dead-lettered: never lost
        {
            logger.LogWarning("Attempt {Attempt} of {Target} for {Propagation} failed: {Message}", attempt, task.Target, task.PropagationId, ex.Message);
            return new AttemptOutcome.Retry(ex.GetType().Name + ": " + ex.Message, null);
        }
    }
}
