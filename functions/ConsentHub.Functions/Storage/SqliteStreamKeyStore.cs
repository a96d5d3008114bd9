using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Security;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Functions.Storage;

/// Wrapped stream keys in the same database. Writes go through the store's writer, so that a new subject's key
/// shares the group commit with its first events.
public sealed class SqliteStreamKeyStore(SqliteDatabase db, SqliteEventStore writer) : IStreamKeyStore
{
    public async Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct)
    {
        await using var connection = db.Open();
        await using var command = Command(connection, null, stream, "SELECT wrapped_key FROM stream_keys WHERE tenant = $tenant AND stream = $stream");
        return await command.ExecuteScalarAsync(ct) as byte[];
    }

    public async Task<byte[]> AddOrGetAsync(StreamId stream, byte[] wrappedKey, CancellationToken ct) =>
        (byte[])await writer.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, stream, """
                INSERT INTO stream_keys (tenant, stream, wrapped_key) VALUES ($tenant, $stream, $key)
                ON CONFLICT (tenant, stream) DO UPDATE SET wrapped_key = wrapped_key RETURNING wrapped_key
                """);
            command.Parameters.AddWithValue("$key", wrappedKey);
            return command.ExecuteScalar()!;
        }, ct);

    public Task DestroyAsync(StreamId stream, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, stream, "DELETE FROM stream_keys WHERE tenant = $tenant AND stream = $stream");
            return command.ExecuteNonQuery();
        }, ct);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, StreamId stream, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Name);
        return command;
    }
}
