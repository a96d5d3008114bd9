using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// Wrapped stream keys in the same database. Writes go through the store's writer, so that a new subject's key
/// shares the group commit with its first events. An erased stream keeps a row in `erased_streams` instead of its key.
public sealed class SqliteStreamKeyStore(SqliteDatabase db, SqliteEventStore writer) : IStreamKeyStore
{
    public async Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct)
    {
        await using var connection = db.Open();
        await using var command = SqliteDatabase.StreamCommand(connection, null, stream, "SELECT wrapped_key FROM stream_keys WHERE tenant = $tenant AND stream = $stream");
        return await command.ExecuteScalarAsync(ct) as byte[];
    }

    public async Task<bool> ErasedAsync(StreamId stream, CancellationToken ct)
    {
        await using var connection = db.Open();
        await using var command = SqliteDatabase.StreamCommand(connection, null, stream, "SELECT 1 FROM erased_streams WHERE tenant = $tenant AND stream = $stream");
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<byte[]?> AddOrGetAsync(StreamId stream, byte[] wrappedKey, CancellationToken ct)
    {
        // The tombstone is read inside the writer's transaction, so an erasure and a first write cannot interleave.
        var stored = (byte[])await writer.WriteAsync((connection, transaction) => AddOrGet(connection, transaction, stream, wrappedKey) ?? [], ct);
        return stored.Length == 0 ? null : stored;
    }

    /// Inside a writer's transaction: stores the key unless the stream has one; answers the stored key, or null when
    /// the stream was erased (LedgerService commits a new stream's key so, with its first events).
    public static byte[]? AddOrGet(SqliteConnection connection, SqliteTransaction transaction, StreamId stream, byte[] wrappedKey)
    {
        if (IsErased(connection, transaction, stream)) return null;
        // No RETURNING: it would make SQLite keep a statement journal for the insert (SqliteEventStore.Insert).
        var insert = SqliteStatements.ForStream(connection, transaction, stream,
            "INSERT INTO stream_keys (tenant, stream, wrapped_key) VALUES ($tenant, $stream, $key) ON CONFLICT (tenant, stream) DO NOTHING");
        insert.Parameters.AddWithValue("$key", wrappedKey);
        if (insert.ExecuteNonQuery() == 1) return wrappedKey;
        return (byte[])SqliteStatements.ForStream(connection, transaction, stream,
            "SELECT wrapped_key FROM stream_keys WHERE tenant = $tenant AND stream = $stream").ExecuteScalar()!;
    }

    /// Inside a writer's transaction: whether the stream has a tombstone.
    public static bool IsErased(SqliteConnection connection, SqliteTransaction transaction, StreamId stream) =>
        SqliteStatements.ForStream(connection, transaction, stream, "SELECT 1 FROM erased_streams WHERE tenant = $tenant AND stream = $stream").ExecuteScalar() is not null;

    /// secure_delete overwrites the key's bytes in the database pages; the checkpoint then empties the WAL, which
    /// still holds the frames the key was written in (the key store shares its file, and its group commit, with the events).
    public async Task DestroyAsync(StreamId stream, CancellationToken ct)
    {
        await writer.WriteAsync((connection, transaction) =>
        {
            using var delete = SqliteDatabase.StreamCommand(connection, transaction, stream, "DELETE FROM stream_keys WHERE tenant = $tenant AND stream = $stream");
            delete.ExecuteNonQuery();
            using var tombstone = SqliteDatabase.StreamCommand(connection, transaction, stream, "INSERT OR IGNORE INTO erased_streams (tenant, stream) VALUES ($tenant, $stream)");
            return tombstone.ExecuteNonQuery();
        }, ct);
        await db.CheckpointAsync(ct);
    }
}
