using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;

namespace ConsentHub.Hub.Storage;

/// A propagation stream's append and its status view as one SQLite commit (PropagationStreams): a delivery's attempt
/// and outcome each cost one commit, not one for the events and another for the view. The view row is
/// version-guarded as in SqliteViewStore, so a slower writer of an older state changes nothing.
public sealed class SqlitePropagationCommit(SqliteEventStore store)
{
    public Task<AppendResult> AppendAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, Snapshot? snapshot,
        ViewRow? view, CancellationToken ct) =>
        store.AppendWithAsync(stream, expectedVersion, events, snapshot, static (_, _) => null, (connection, transaction) =>
        {
            if (view is not null) SqliteViewStore.Put(connection, transaction, view);
        }, ct);
}
