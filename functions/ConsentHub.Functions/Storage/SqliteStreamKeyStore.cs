using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Security;

namespace ConsentHub.Functions.Storage;

public sealed class SqliteStreamKeyStore(SqliteDatabase db) : IStreamKeyStore
{
    public async Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct)
    {
        await using var connection = db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT wrapped_key FROM stream_keys WHERE tenant = $tenant AND stream = $stream";
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Name);
        return await command.ExecuteScalarAsync(ct) as byte[];
    }

    public async Task<byte[]> AddOrGetAsync(StreamId stream, byte[] wrappedKey, CancellationToken ct)
    {
        await using (var connection = db.Open())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT OR IGNORE INTO stream_keys (tenant, stream, wrapped_key) VALUES ($tenant, $stream, $key)";
            command.Parameters.AddWithValue("$tenant", stream.Tenant);
            command.Parameters.AddWithValue("$stream", stream.Name);
            command.Parameters.AddWithValue("$key", wrappedKey);
            await command.ExecuteNonQueryAsync(ct);
        }
        return await FindAsync(stream, ct) ?? throw new InvalidOperationException($"Key of {stream} vanished");
    }

    public async Task DestroyAsync(StreamId stream, CancellationToken ct)
    {
        await using var connection = db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM stream_keys WHERE tenant = $tenant AND stream = $stream";
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Name);
        await command.ExecuteNonQueryAsync(ct);
    }
}
