using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Propagation;

/// The propagation streams' decider, one for the starter and the runner: the runner decides on the state the starter
/// just wrote (and on its own last write) without reading the stream back. The append's expected version stays the
/// check, so a writer elsewhere (another instance, the other driver) only makes it read again.
/// Every write stores the status view of the new state too: on SQLite in the append's own commit (so a delivery's
/// attempt and its outcome are one commit each), elsewhere right after the append.
public sealed class PropagationStreams(IEventStore store, PropagationViews views, SqlitePropagationCommit? together = null)
{
    public DeciderRunner<PropagationEvent, PropagationState> Runner { get; } = new(store, PropagationState.Initial, PropagationState.Evolve);

    public async Task<Transacted<TResult, PropagationState>> TransactAsync<TResult>(StreamId stream,
        Func<PropagationState, (TResult, PropagationEvent[])> decide, Func<PropagationEvent, EventMeta> metaOf, CancellationToken ct)
    {
        var done = together is null ? await Runner.TransactAsync(stream, decide, metaOf, ct)
            : await Runner.TransactAsync(stream, decide, metaOf, ct, (s, expected, events, snapshot, _, after, c) =>
                together.AppendAsync(s, expected, events, snapshot, PropagationViews.Row(s, after), c));
        if (together is null && done.LastPosition is not null) await views.WriteAsync(stream, done.State, ct);
        return done;
    }
}
