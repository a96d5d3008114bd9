using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Requests;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// Attachments as blobs in the hub's database, written through the store's single writer. The table is made on first
/// use. secure_delete (SqliteDatabase) overwrites a deleted blob's pages, and the checkpoint after a deletion empties
/// the WAL that still held them.
public sealed class SqliteAttachmentStore(SqliteDatabase db, SqliteEventStore writer) : IAttachmentStore
{
    private const string Table = """
        CREATE TABLE IF NOT EXISTS request_attachments (
            tenant        TEXT NOT NULL,
            stream        TEXT NOT NULL,
            attachment_id TEXT NOT NULL,
            content       BLOB NOT NULL,
            PRIMARY KEY (tenant, stream, attachment_id)
        );
        """;

    private volatile bool _made;

    public async Task PutAsync(StreamId stream, string attachmentId, byte[] sealedBytes, CancellationToken ct)
    {
        await EnsureTableAsync(ct);
        await writer.WriteAsync((connection, transaction) =>
        {
            using var command = SqliteDatabase.StreamCommand(connection, transaction, stream, """
                INSERT INTO request_attachments (tenant, stream, attachment_id, content) VALUES ($tenant, $stream, $id, $content)
                ON CONFLICT (tenant, stream, attachment_id) DO UPDATE SET content = excluded.content
                """);
            command.Parameters.AddWithValue("$id", attachmentId);
            command.Parameters.AddWithValue("$content", sealedBytes);
            return command.ExecuteNonQuery();
        }, ct);
    }

    public async Task<byte[]?> GetAsync(StreamId stream, string attachmentId, CancellationToken ct)
    {
        await EnsureTableAsync(ct);
        await using var connection = db.Open();
        await using var command = SqliteDatabase.StreamCommand(connection, null, stream, "SELECT content FROM request_attachments WHERE tenant = $tenant AND stream = $stream AND attachment_id = $id");
        command.Parameters.AddWithValue("$id", attachmentId);
        return await command.ExecuteScalarAsync(ct) as byte[];
    }

    public async Task<int> DeleteAllAsync(StreamId stream, CancellationToken ct)
    {
        await EnsureTableAsync(ct);
        var deleted = (int)await writer.WriteAsync((connection, transaction) =>
        {
            using var command = SqliteDatabase.StreamCommand(connection, transaction, stream, "DELETE FROM request_attachments WHERE tenant = $tenant AND stream = $stream");
            return command.ExecuteNonQuery();
        }, ct);
        if (deleted > 0) await db.CheckpointAsync(ct);
        return deleted;
    }

    private async Task EnsureTableAsync(CancellationToken ct)
    {
        if (_made) return;
        await writer.WriteAsync((connection, transaction) =>
        {
            SqliteDatabase.Execute(connection, Table, transaction);
            return 0;
        }, ct);
        _made = true;
    }
}
