using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Propagation;

/// Reads the event log in commit order and starts a propagation for every change that some target must hear of:
/// a `propagation.started` event with the targets, then one queued task per target, then the checkpoint.
/// Each step is idempotent, so a crash anywhere only repeats work.
/// Locally it reads the global feed; in Azure the change-feed function hands it each committed event instead.
public sealed class PropagationStarter(PropagationStreams streams, IEventStore store, ChangeContexts contexts, IEnumerable<IPropagationTarget> targets,
    TimeProvider clock, ILogger<PropagationStarter> logger, IPropagationDispatch? dispatch = null, IEventFeed? feed = null, ICheckpointStore? checkpoints = null)
{
    public const string CheckpointName = "propagation-starter";

    /// The target named in a propagation whose change could not be prepared for any target.
    public const string UnreadableTarget = "change";

    public static StreamId StreamOf(string tenant, string changeEventId) => new(tenant, "propagation-" + changeEventId);

    /// Starts propagations for the changes after the checkpoint; answers how many events it read.
    /// A page is started together: each stream it touches is read once, the `propagation.started` appends and their
    /// views go out at once (so the store commits them in a few shared transactions), and the page's tasks are queued
    /// in one write before the checkpoint moves. A crash anywhere leaves the checkpoint behind: the page is read again
    /// and every step repeats idempotently.
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        if (feed is null || checkpoints is null) return 0;
        var after = await checkpoints.ReadAsync(CheckpointName, ct);
        var page = await feed.ReadAllAsync(after, 200, null, ct);
        if (dispatch is not null && page.Count > 0)
        {
            var fresh = new List<Change>();
            var again = new List<PropagationTask>();
            foreach (var stored in page)
            {
                if (await ChangeOfAsync(stored, ct) is not { } change) continue;
                switch (await StartedAsync(change, ct))
                {
                    case null: fresh.Add(change); break;
                    case { } left: again.AddRange(left); break;
                }
            }
            await StartPageAsync(fresh, again, ct);
        }
        if (page.Count > 0) await checkpoints.WriteAsync(CheckpointName, page[^1].Position, ct);
        return page.Count;
    }

    /// The priority lane's changes, started together as a page is (PropagationWorker). A change the log reader (or
    /// the lane itself) started already is left alone: whoever recorded its start queues its tasks before its
    /// checkpoint moves past it, and the lane only ever makes a propagation earlier.
    public async Task StartAllAsync(IReadOnlyList<StoredEvent> changes, CancellationToken ct)
    {
        if (dispatch is null || changes.Count == 0) return;
        var fresh = new List<Change>();
        foreach (var stored in changes)
            if (await ChangeOfAsync(stored, ct) is { } change && (await streams.Runner.LoadAsync(StreamOf(stored.Stream.Tenant, stored.EventId), ct)).Change is null)
                fresh.Add(change);
        await StartPageAsync(fresh, [], ct);
    }

    /// A change as the starter takes it up: the record, and its ledger event decoded once for both the priority rule
    /// and its preparation (null for other streams' records, or one that does not decode: preparing it says why).
    private readonly record struct Change(StoredEvent Stored, LedgerEvent? Event);

    /// The change to take up, or null when no target may care about it (IPropagationTarget.MayCare), which is decided
    /// from its type, version and tenant before its stream is read: most of a bulk import's changes concern no target.
    /// An event of a type this hub does not know is taken up, so that preparing it dead-letters it with the reason.
    private async Task<Change?> ChangeOfAsync(StoredEvent stored, CancellationToken ct)
    {
        if (!ChangeContexts.Readable(stored.Stream)) return null;
        if (EventCodec.TypeOf(stored.Type) is null) return new Change(stored, null);
        if (await contexts.HeadAsync(stored, ct) is not { } head || !targets.Any(t => t.MayCare(head))) return null;
        return new Change(stored, Decoded(stored));
    }

    private static LedgerEvent? Decoded(StoredEvent stored)
    {
        if (!(stored.Stream.IsSubject || stored.Stream.IsContact)) return null;
        try
        {
            return EventCodec.Decode<LedgerEvent>(stored.Type, stored.Data);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException or UnknownEventTypeException)
        {
            return null;   // prepared without it, which decodes it again and dead-letters it with the error
        }
    }

    /// For the log reader: what a change that stops processing still needs when the priority lane started it before
    /// the reader came to it: nothing once its propagation is complete, else its unfinished targets queued again (a
    /// lane that crashed between the start and the queueing leaves them to this); null for a change not started yet,
    /// or of another kind (only the lane starts changes ahead of the reader, so only its changes are looked up here).
    /// The change is then not read, opened and prepared a second time.
    private async Task<IReadOnlyList<PropagationTask>?> StartedAsync(Change change, CancellationToken ct)
    {
        if (!PriorityChanges.IsPriority(change.Event)) return null;
        var stored = change.Stored;
        var stream = StreamOf(stored.Stream.Tenant, stored.EventId);
        var state = await streams.Runner.LoadAsync(stream, ct);
        if (state.Change is null) return null;
        if (state.Completed) return [];
        return [.. state.Targets.Where(t => !TargetStatus.IsFinal(t.Value.Status)).Select(t => new PropagationTask(stream.Tenant, stream.Name, t.Key, Priority: true))];
    }

    /// Starts changes together: each stream they touch is read once, the `propagation.started` appends and their
    /// views go out at once, and their tasks (with `queued`, tasks of changes started already) in one write.
    private async Task StartPageAsync(IReadOnlyList<Change> changes, List<PropagationTask> queued, CancellationToken ct)
    {
        var histories = new Dictionary<StreamId, StreamSlice>();
        var starts = new List<(StoredEvent Stored, ChangeContext Change, string[] Names)>();
        foreach (var change in changes)
            if (await PrepareAsync(change, histories, ct) is { } start) starts.Add((change.Stored, start.Change, start.Names));
        await Task.WhenAll(starts.Select(s => RecordAsync(s.Stored, s.Change, s.Names, ct)));
        var tasks = queued.Concat(starts.SelectMany(s => Tasks(s.Change, s.Stored, s.Names))).ToList();
        if (tasks.Count > 0) await dispatch!.EnqueueAsync(tasks, clock.GetUtcNow(), ct);
    }

    /// Whether this instance can start propagations: it needs a driver (a queue on the server, the Durable orchestration in the Functions app).
    public bool CanStart => dispatch is not null;

    public async Task StartAsync(StoredEvent stored, CancellationToken ct)
    {
        if (dispatch is null || await ChangeOfAsync(stored, ct) is not { } change || await PrepareAsync(change, null, ct) is not { } start) return;
        await RecordAsync(stored, start.Change, start.Names, ct);
        await dispatch.EnqueueAsync(Tasks(start.Change, stored, start.Names), clock.GetUtcNow(), ct);
    }

    /// The change as its targets see it and the targets it has, or null when none has work (an unreadable change is
    /// dead-lettered here). `histories`: streams this page read already, so a stream with many changes is read once.
    private async Task<(ChangeContext Change, string[] Names)?> PrepareAsync(Change taken, Dictionary<StreamId, StreamSlice>? histories, CancellationToken ct)
    {
        var stored = taken.Stored;
        ChangeContext? change;
        string[] names;
        try
        {
            StreamSlice? known = null;
            if (histories is not null)
            {
                if (!histories.TryGetValue(stored.Stream, out var slice) || slice.Version < stored.Version)
                    histories[stored.Stream] = slice = await store.ReadStreamAsync(stored.Stream, ct);
                known = slice;
            }
            change = await contexts.BuildAsync(stored, known, ct, taken.Event);
            names = change is null ? [] : [.. targets.SelectMany(t => t.TargetsFor(change)).Distinct().Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not Microsoft.Data.Sqlite.SqliteException)
        {
            // A record no target can be told of (undecodable, unopenable, a bug) must not hold up the changes after it.
            await DeadLetterAsync(stored, ex, ct);
            return null;
        }
        return change is null || names.Length == 0 ? null : (change, names);
    }

    private async Task RecordAsync(StoredEvent stored, ChangeContext change, string[] names, CancellationToken ct)
    {
        var stream = StreamOf(change.Tenant, stored.EventId);
        var meta = new EventMeta("start", "start", clock.GetUtcNow());
        await streams.TransactAsync(stream, s => s.Change is null
                ? (0, new PropagationEvent[] { new PropagationEvent.Started(stored.Stream.Name, stored.Version, stored.EventId, stored.Type, change.SubjectId, new EquatableArray<string>(names), meta) })
                : (0, []),
            e => e.Meta, ct);
    }

    private static PropagationTask[] Tasks(ChangeContext change, StoredEvent stored, string[] names)
    {
        var stream = StreamOf(change.Tenant, stored.EventId);
        var priority = PriorityChanges.IsPriority(change.Event);
        return [.. names.Select(n => new PropagationTask(change.Tenant, stream.Name, n, priority))];
    }

    /// Records the change as a propagation that is dead-lettered at once, so the status route shows it and why.
    private async Task DeadLetterAsync(StoredEvent stored, Exception error, CancellationToken ct)
    {
        var why = $"the change could not be prepared for its targets: {error.GetType().Name}: {error.Message}";
        logger.LogError("Propagation of event {Position} of {Stream} dead-lettered: {Why}", stored.Position, stored.Stream, why);
        var meta = new EventMeta("start", "start", clock.GetUtcNow());
        var stream = StreamOf(stored.Stream.Tenant, stored.EventId);
        await streams.TransactAsync(stream, s => s.Change is null
                ? (0, new PropagationEvent[]
                {
                    new PropagationEvent.Started(stored.Stream.Name, stored.Version, stored.EventId, stored.Type, stored.Stream.IsSubject ? stored.Stream.Key : null,
                        new EquatableArray<string>([UnreadableTarget]), meta),
                    new PropagationEvent.DeadLettered(UnreadableTarget, 0, why, meta with { RequestId = "dead", RequestHash = "dead" }),
                    new PropagationEvent.Completed(meta with { RequestId = "completed", RequestHash = "completed" }),
                })
                : (0, []),
            e => e.Meta, ct);
    }
}
