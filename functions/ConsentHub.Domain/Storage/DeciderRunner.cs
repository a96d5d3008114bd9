using ConsentHub.Contracts.Events;

namespace ConsentHub.Domain.Storage;

public sealed class ConcurrencyConflictException(StreamId stream) : Exception($"Stream {stream} kept changing under the write");

public sealed record Transacted<TResult, TState>(TResult Result, TState State, long? LastPosition);

/// How a decided append reaches the store, for a caller whose store commits more in the same transaction (a new
/// stream's key, the views of the new state): `before` is the state the decision was made on, `after` the new one.
public delegate Task<AppendResult> Appender<TState>(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, Snapshot? snapshot,
    TState before, TState after, CancellationToken ct);

/// Read, fold, decide, append at the expected version; on a conflict re-read and decide again.
/// A write decides on the state at the stream's tip without refolding the stream: it starts from the state this
/// process last folded for the stream, or else from the stream's snapshot, and folds only the events after it (the
/// store reads them from that version on, so a state kept here is always brought up to date before a decision; the
/// expected-version append still guards against writers elsewhere). With a codec, the new state goes to the store with
/// the append every `snapshotEvery` events, or every twentieth of the stream's length on long streams (a state grows
/// with its stream, so encoding it then stays a small share of each write), and whenever the codec asks.
public sealed class DeciderRunner<TEvent, TState>(IEventStore store, TState initial, Func<TState, TEvent, TState> evolve,
    IStateCodec<TState>? codec = null, int snapshotEvery = DeciderRunner.SnapshotEvery)
    where TEvent : class
{
    private const int MaxAttempts = 50;
    private readonly RollingStates<Tip> _tips = new(DeciderRunner.StreamsKept);

    /// A state folded up to `Version`; `SnapshotVersion` is the version of the stream's latest snapshot known here.
    private sealed record Tip(TState State, long Version, long SnapshotVersion);

    public async Task<TState> LoadAsync(StreamId stream, CancellationToken ct) => (await ReadAsync(stream, ct)).State;

    /// A stream whose tip this runner holds is decided on without reading the store first: the append's expected
    /// version is the check (a writer elsewhere makes it a conflict, and the stream is read then). A decision to write
    /// nothing is only trusted on a state just read, since no append would have checked it.
    /// `readVersion`: the stream's latest version as the caller has just read it; 0 (no events yet) lets a stream this
    /// runner holds nothing of be decided on the initial state without reading the store (a new subject's first write).
    public async Task<Transacted<TResult, TState>> TransactAsync<TResult>(
        StreamId stream, Func<TState, (TResult, TEvent[])> decide, Func<TEvent, EventMeta> metaOf, CancellationToken ct, Appender<TState>? append = null,
        long? readVersion = null)
    {
        var trustKept = true;
        for (var attempt = 1; ; attempt++)
        {
            var kept = trustKept ? _tips.Get(stream) ?? (readVersion == 0 ? new Tip(initial, 0, 0) : null) : null;
            var tip = kept ?? await ReadAsync(stream, ct);
            var (result, events) = decide(tip.State);
            if (events.Length == 0)
            {
                if (kept is null) return new(result, tip.State, null);   // nothing to write: no round-trip
                trustKept = false;
                continue;
            }
            var data = events.Select((e, i) => ToData(stream, e, metaOf(e), i)).ToList();
            var state = events.Aggregate(tip.State, evolve);
            var snapshot = SnapshotOf(tip, state, tip.Version + events.Length);
            var appended = append is null ? await store.AppendAsync(stream, tip.Version, data, snapshot, ct)
                : await append(stream, tip.Version, data, snapshot, tip.State, state, ct);
            switch (appended)
            {
                case AppendResult.Ok ok:
                    _tips.Set(stream, new Tip(state, ok.NewVersion, snapshot?.Version ?? tip.SnapshotVersion));
                    return new(result, state, ok.LastPosition);
                case AppendResult.Conflict when attempt >= MaxAttempts:
                    throw new ConcurrencyConflictException(stream);
                default:
                    trustKept = false;
                    if (kept is null) await Task.Delay(Random.Shared.Next(1, 1 + Math.Min(attempt, 10) * 2), ct);   // jitter eases a conflict storm
                    break;
            }
        }
    }

    /// Forgets what this runner holds of the stream (an erasure elsewhere in the process, a refused append).
    public void Forget(StreamId stream) => _tips.Remove(stream);

    /// For a writer that appends many streams in one commit (the bulk import): decides `decisions` in order on the
    /// stream's state at `version`, which the caller has just read from the store (its latest version; 0 for a stream
    /// with no events), without appending. The state kept here is used when it is at that version, so the caller
    /// reads no events; null when it is not (a stream this runner has not folded, or one that moved elsewhere): the
    /// caller then writes that stream through TransactAsync, which reads it. A decision to write nothing is trusted,
    /// as the version was just read. Call Committed once the events are stored.
    public Decided<TResult>? DecideAt<TResult>(StreamId stream, long version, IReadOnlyList<Func<TState, (TResult, TEvent[])>> decisions, Func<TEvent, EventMeta> metaOf)
    {
        var tip = version == 0 ? new Tip(initial, 0, 0) : _tips.Get(stream);
        if (tip is null || tip.Version != version) return null;
        var results = new TResult[decisions.Count];
        var data = new List<EventData>();
        var state = tip.State;
        for (var i = 0; i < decisions.Count; i++)
        {
            var (result, events) = decisions[i](state);
            results[i] = result;
            for (var e = 0; e < events.Length; e++) data.Add(ToData(stream, events[e], metaOf(events[e]), e));
            state = events.Aggregate(state, evolve);
        }
        var snapshot = data.Count == 0 ? null : SnapshotOf(tip, state, version + data.Count);
        return new Decided<TResult>(results, version, tip.State, state, data, snapshot, snapshot?.Version ?? tip.SnapshotVersion);
    }

    /// The events of a DecideAt are stored: its state is kept as the stream's tip.
    public void Committed<TResult>(StreamId stream, Decided<TResult> decided) =>
        _tips.Set(stream, new Tip(decided.After, decided.ExpectedVersion + decided.Events.Count, decided.SnapshotVersion));

    /// What DecideAt decided for one stream: each decision's result, and the events (and snapshot) to append at `ExpectedVersion`.
    public sealed record Decided<TResult>(TResult[] Results, long ExpectedVersion, TState Before, TState After, IReadOnlyList<EventData> Events,
        Snapshot? Snapshot, long SnapshotVersion);

    private async Task<Tip> ReadAsync(StreamId stream, CancellationToken ct)
    {
        var start = _tips.Get(stream) ?? await FromSnapshotAsync(stream, ct) ?? new Tip(initial, 0, 0);
        var slice = await store.ReadStreamAsync(stream, start.Version, ct);
        if (slice.Version < start.Version)   // the kept state claims more than the stream holds: never decide on it
        {
            start = new Tip(initial, 0, 0);
            slice = await store.ReadStreamAsync(stream, ct);
        }
        if (slice.Events.Count == 0) return start;
        var tip = start with { State = Fold(start.State, slice), Version = slice.Version };
        _tips.Set(stream, tip);
        return tip;
    }

    private async Task<Tip?> FromSnapshotAsync(StreamId stream, CancellationToken ct)
    {
        if (codec is null) return null;
        var snapshot = await store.ReadSnapshotAsync(stream, ct);
        if (snapshot is null || snapshot.Type != codec.Type || snapshot.Schema != codec.Schema) return null;
        try
        {
            var state = codec.Decode(snapshot.State);
            return codec.VersionOf(state) == snapshot.Version ? new Tip(state, snapshot.Version, snapshot.Version) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;   // unreadable: refold from the events, which are the truth
        }
    }

    private Snapshot? SnapshotOf(Tip tip, TState state, long version) =>
        codec is null || (version - tip.SnapshotVersion < Math.Max(snapshotEvery, version / 20) && !codec.Supersedes(tip.State, state)) ? null
        : new Snapshot(version, codec.Type, codec.Schema, codec.Encode(state));

    private TState Fold(TState state, StreamSlice slice) =>
        slice.Events.Select(e => EventCodec.Decode<TEvent>(e.Type, e.Data)).Aggregate(state, evolve);

    private static EventData ToData(StreamId stream, TEvent e, EventMeta meta, int index)
    {
        var (type, data) = EventCodec.Encode(e);
        return new EventData(EventIds.For(stream, meta.RequestId, index), type, data, meta.At);
    }
}

public static class DeciderRunner
{
    /// How many events a snapshot may lag its stream (up to 1,000 events; a twentieth of longer streams) before a write
    /// keeps a new one: a write on a process that has not folded the stream yet reads the snapshot and the events after it.
    public const int SnapshotEvery = 50;

    /// How many streams' folded states one runner keeps (in two generations, so up to twice this many).
    public const int StreamsKept = 4096;
}
