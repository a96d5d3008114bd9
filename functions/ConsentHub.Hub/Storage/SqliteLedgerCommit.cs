using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Storage;

/// A write to a person's stream as one SQLite commit: a new stream's key, the events, and the views of the new
/// state (LedgerService). A key is never committed without the events it sealed, nor events without their key; and
/// the write answers with its views stored, with no second commit for them.
public sealed class SqliteLedgerCommit(SqliteEventStore store)
{
    /// The stream was erased: its tombstone refuses every write that seals data.
    public const string Erased = "erased";

    /// Another writer committed the stream's first key first: the write seals again with that key.
    public const string KeyTaken = "key-taken";

    /// `key`: the key the write sealed with (null when it sealed nothing), stored now when it is new.
    public Task<AppendResult> AppendAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, Snapshot? snapshot,
        PendingKey? key, IReadOnlyList<ViewRow> views, CancellationToken ct) =>
        store.AppendWithAsync(stream, expectedVersion, events, snapshot, (connection, transaction) =>
        {
            if (key is null) return null;
            if (key.NewWrapped is null)
            {
                // An erasure on another instance since the key was read: its tombstone is seen here, in the same transaction.
                using var erased = SqliteDatabase.StreamCommand(connection, transaction, stream, "SELECT 1 FROM erased_streams WHERE tenant = $tenant AND stream = $stream");
                return erased.ExecuteScalar() is null ? null : Erased;
            }
            var stored = SqliteStreamKeyStore.AddOrGet(connection, transaction, stream, key.NewWrapped);
            return stored is null ? Erased : stored.AsSpan().SequenceEqual(key.NewWrapped) ? null : KeyTaken;
        }, (connection, transaction) =>
        {
            foreach (var view in views) SqliteViewStore.Put(connection, transaction, view);
        }, ct);
}
