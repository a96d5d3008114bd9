using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Storage;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Propagation;

/// Runs one task: records the attempt, delivers, records the outcome (each record one commit with its status view). The propagation's own log counts attempts, so
/// the driver's delivery count is not needed: a redelivered task whose target finished does nothing.
public sealed class PropagationRunner(PropagationStreams streams, ChangeContexts contexts, IEnumerable<IPropagationTarget> targets,
    IOptions<PropagationOptions> options, TimeProvider clock, ILogger<PropagationRunner> logger) : IPropagationRunner
{
    private readonly DeciderRunner<PropagationEvent, PropagationState> _runner = streams.Runner;

    /// The target's state after this run; null when there was nothing to run (finished already, or no such propagation).
    /// `deliveries`: slots for the provider call, for a driver that runs more tasks at once than it lets call providers
    /// (their store writes then go out together and share commits).
    public async Task<TargetState?> ExecuteAsync(PropagationTask task, CancellationToken ct, SemaphoreSlim? deliveries = null)
    {
        var stream = new StreamId(task.Tenant, task.PropagationId);
        EventMeta Meta(string requestId) => new(requestId, requestId, clock.GetUtcNow());
        var now = clock.GetUtcNow();
        var started = await streams.TransactAsync(stream, s => (s, Waiting(s, task.Target, now) is null ? PropagationDecider.StartAttempt(s, task.Target, Meta) : []),
            e => e.Meta, ct);
        // A failed attempt's retry time is kept by every driver: one that calls early (an orchestration started after the
        // first attempt was made on the priority lane) is told to wait for it.
        if (started.LastPosition is null) return Waiting(started.State, task.Target, now);
        if (started.State.Change is not { } change) return null;
        var attempt = started.State.Targets[task.Target].Attempts;
        AttemptOutcome outcome;
        if (deliveries is not null) await deliveries.WaitAsync(ct);
        try
        {
            outcome = await DeliverAsync(task, change, attempt, ct);
        }
        finally
        {
            deliveries?.Release();
        }
        var finished = await streams.TransactAsync(stream,
            s => (0, PropagationDecider.Finish(s, task.Target, attempt, outcome, options.Value.Retry, clock.GetUtcNow(), Random.Shared.NextDouble(), Meta)),
            e => e.Meta, ct);
        return finished.State.Targets[task.Target];
    }

    /// The target's state as recorded, for a driver that found nothing to run because another driver (the priority
    /// lane) finished the target first; null when the propagation or the target is unknown.
    public async Task<TargetState?> RecordedAsync(PropagationTask task, CancellationToken ct) =>
        (await _runner.LoadAsync(new StreamId(task.Tenant, task.PropagationId), ct)).Targets.TryGetValue(task.Target, out var state) ? state : null;

    /// For a driver that schedules retries itself: the outcome as recorded, with the retry time decided here.
    public async Task<DeliveryResult> RunAsync(string tenant, string propagationId, string target, CancellationToken ct) =>
        await ExecuteAsync(new PropagationTask(tenant, propagationId, target), ct) switch
        {
            null => new DeliveryResult.Accepted("nothing to do"),
            { Status: TargetStatus.Succeeded } => new DeliveryResult.Accepted(),
            { Status: TargetStatus.Failed, RetryAt: { } at, LastError: var why } =>
                new DeliveryResult.Transient(why ?? "failed", at > clock.GetUtcNow() ? at - clock.GetUtcNow() : TimeSpan.Zero),
            { LastError: var why } => new DeliveryResult.Permanent(why ?? "dead-lettered"),
        };

    private static TargetState? Waiting(PropagationState s, string target, DateTimeOffset now) =>
        s.Targets.TryGetValue(target, out var t) && t is { Status: TargetStatus.Failed, RetryAt: { } at } && at > now ? t : null;

    private async Task<AttemptOutcome> DeliverAsync(PropagationTask task, PropagationEvent.Started change, int attempt, CancellationToken ct)
    {
        if (targets.FirstOrDefault(t => t.Handles(task.Target)) is not { } target) return new AttemptOutcome.Refused($"no handler for target '{task.Target}'");
        ChangeContext? context;
        try
        {
            context = await contexts.LoadAsync(task.Tenant, change, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not Microsoft.Data.Sqlite.SqliteException)
        {
            // Reading the same record again gives the same answer: dead-letter now, with the reason, instead of retrying.
            logger.LogWarning("Attempt {Attempt} of {Target} for {Propagation}: the change could not be read: {Message}", attempt, task.Target, task.PropagationId, ex.Message);
            return new AttemptOutcome.Refused($"the change could not be read: {ex.GetType().Name}: {ex.Message}");
        }
        if (context is null) return new AttemptOutcome.Refused("the change is no longer readable");
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
