using ConsentHub.Contracts.Events;

namespace ConsentHub.Domain.Storage;

public sealed class ConcurrencyConflictException(StreamId stream) : Exception($"Stream {stream} kept changing under the write");

public sealed record Transacted<TResult, TState>(TResult Result, TState State, long? LastPosition);

/// Read, fold, decide, append at the expected version; on a conflict re-read and decide again.
public sealed class DeciderRunner<TEvent, TState>(IEventStore store, TState initial, Func<TState, TEvent, TState> evolve)
    where TEvent : class
{
    private const int MaxAttempts = 50;

    public async Task<TState> LoadAsync(StreamId stream, CancellationToken ct) =>
        Fold(await store.ReadStreamAsync(stream, ct));

    public async Task<Transacted<TResult, TState>> TransactAsync<TResult>(
        StreamId stream, Func<TState, (TResult, TEvent[])> decide, Func<TEvent, EventMeta> metaOf, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var slice = await store.ReadStreamAsync(stream, ct);
            var state = Fold(slice);
            var (result, events) = decide(state);
            if (events.Length == 0) return new(result, state, null);   // nothing to write: no round-trip
            var data = events.Select((e, i) => ToData(stream, e, metaOf(e), i)).ToList();
            switch (await store.AppendAsync(stream, slice.Version, data, ct))
            {
                case AppendResult.Ok ok:
                    return new(result, events.Aggregate(state, evolve), ok.LastPosition);
                case AppendResult.Conflict when attempt >= MaxAttempts:
                    throw new ConcurrencyConflictException(stream);
                default:
                    await Task.Delay(Random.Shared.Next(1, 1 + Math.Min(attempt, 10) * 2), ct);   // jitter eases a conflict storm
                    break;
            }
        }
    }

    private TState Fold(StreamSlice slice) =>
        slice.Events.Select(e => EventCodec.Decode<TEvent>(e.Type, e.Data)).Aggregate(initial, evolve);

    private static EventData ToData(StreamId stream, TEvent e, EventMeta meta, int index)
    {
        var (type, data) = EventCodec.Encode(e);
        return new EventData(EventIds.For(stream, meta.RequestId, index), type, data, meta.At);
    }
}
