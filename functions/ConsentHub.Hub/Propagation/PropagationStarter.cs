using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Propagation;

/// Reads the event log in commit order and starts a propagation for every change that some target must hear of:
/// a `propagation.started` event with the targets, then one queued task per target, then the checkpoint.
/// Each step is idempotent, so a crash anywhere only repeats work.
/// Locally it reads the global feed; in Azure the change-feed function hands it each committed event instead.
public sealed class PropagationStarter(IEventStore store, ChangeContexts contexts, IEnumerable<IPropagationTarget> targets, PropagationViews views,
    TimeProvider clock, ILogger<PropagationStarter> logger, IPropagationDispatch? dispatch = null, IEventFeed? feed = null, ICheckpointStore? checkpoints = null)
{
    public const string CheckpointName = "propagation-starter";

    /// The target named in a propagation whose change could not be prepared for any target.
    public const string UnreadableTarget = "change";
    private readonly DeciderRunner<PropagationEvent, PropagationState> _runner = new(store, PropagationState.Initial, PropagationState.Evolve);

    public static StreamId StreamOf(string tenant, string changeEventId) => new(tenant, "propagation-" + changeEventId);

    /// Starts propagations for the changes after the checkpoint; answers how many events it read.
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        if (feed is null || checkpoints is null) return 0;
        var after = await checkpoints.ReadAsync(CheckpointName, ct);
        var page = await feed.ReadAllAsync(after, 200, null, ct);
        foreach (var stored in page)
            await StartAsync(stored, ct);
        if (page.Count > 0) await checkpoints.WriteAsync(CheckpointName, page[^1].Position, ct);
        return page.Count;
    }

    /// Whether this instance can start propagations: it needs a driver (a queue on the server, the Durable orchestration in the Functions app).
    public bool CanStart => dispatch is not null;

    public async Task StartAsync(StoredEvent stored, CancellationToken ct)
    {
        if (dispatch is null) return;
        ChangeContext? change;
        string[] names;
        try
        {
            change = await contexts.BuildAsync(stored, ct);
            names = change is null ? [] : [.. targets.SelectMany(t => t.TargetsFor(change)).Distinct().Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not Microsoft.Data.Sqlite.SqliteException)
        {
            // A record no target can be told of (undecodable, unopenable, a bug) must not hold up the changes after it.
            await DeadLetterAsync(stored, ex, ct);
            return;
        }
        if (change is null || names.Length == 0) return;
        var stream = StreamOf(change.Tenant, stored.EventId);
        var meta = new EventMeta("start", "start", clock.GetUtcNow());
        var started = await _runner.TransactAsync(stream, s => s.Change is null
                ? (0, new PropagationEvent[] { new PropagationEvent.Started(stored.Stream.Name, stored.Version, stored.EventId, stored.Type, change.SubjectId, new EquatableArray<string>(names), meta) })
                : (0, []),
            e => e.Meta, ct);
        if (started.LastPosition is not null) await views.WriteAsync(stream, started.State, ct);
        var priority = PriorityChanges.IsPriority(change.Event);
        await dispatch.EnqueueAsync([.. names.Select(n => new PropagationTask(change.Tenant, stream.Name, n, priority))], clock.GetUtcNow(), ct);
    }

    /// Records the change as a propagation that is dead-lettered at once, so the status route shows it and why.
    private async Task DeadLetterAsync(StoredEvent stored, Exception error, CancellationToken ct)
    {
        var why = $"the change could not be prepared for its targets: {error.GetType().Name}: {error.Message}";
        logger.LogError("Propagation of event {Position} of {Stream} dead-lettered: {Why}", stored.Position, stored.Stream, why);
        var meta = new EventMeta("start", "start", clock.GetUtcNow());
        var stream = StreamOf(stored.Stream.Tenant, stored.EventId);
        var dead = await _runner.TransactAsync(stream, s => s.Change is null
                ? (0, new PropagationEvent[]
                {
                    new PropagationEvent.Started(stored.Stream.Name, stored.Version, stored.EventId, stored.Type, stored.Stream.IsSubject ? stored.Stream.Key : null,
                        new EquatableArray<string>([UnreadableTarget]), meta),
                    new PropagationEvent.DeadLettered(UnreadableTarget, 0, why, meta with { RequestId = "dead", RequestHash = "dead" }),
                    new PropagationEvent.Completed(meta with { RequestId = "completed", RequestHash = "completed" }),
                })
                : (0, []),
            e => e.Meta, ct);
        if (dead.LastPosition is not null) await views.WriteAsync(stream, dead.State, ct);
    }
}
