using System.Threading.Channels;
using ConsentHub.Domain.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Functions.Storage;

/// The embedded event store. Appends from concurrent writers are gathered by one writer loop into shared
/// transactions (group commit): one fsync acknowledges a whole batch, and positions commit in order.
public sealed class SqliteEventStore : IEventStore, IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly SqliteDatabase _db;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new() { SingleReader = true });
    private readonly Task _writer;

    public SqliteEventStore(SqliteDatabase db, bool groupCommit = true)
    {
        _db = db;
        GroupCommit = groupCommit;
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Kind => "sqlite";

    /// Off only to measure against: then every append is its own transaction and fsync.
    public bool GroupCommit { get; }

    public long CommitCount { get; private set; }

    public async Task<StreamSlice> ReadStreamAsync(StreamId stream, CancellationToken ct)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM events WHERE tenant = $tenant AND stream = $stream ORDER BY version";
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Name);
        var events = await ReadEventsAsync(command, ct);
        return new StreamSlice(events.Count == 0 ? 0 : events[^1].Version, events);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int limit, string? tenant, CancellationToken ct)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM events WHERE position > $after {(tenant is null ? "" : "AND tenant = $tenant")} ORDER BY position LIMIT $limit";
        command.Parameters.AddWithValue("$after", afterPosition);
        command.Parameters.AddWithValue("$limit", limit);
        if (tenant is not null) command.Parameters.AddWithValue("$tenant", tenant);
        return await ReadEventsAsync(command, ct);
    }

    public async Task<AppendResult> AppendAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        var pending = new PendingAppend(stream, expectedVersion, events);
        await _queue.Writer.WriteAsync(pending, ct);
        // Not cancellable once queued: the caller learns the true outcome of a write that may already be durable.
        return await pending.Completion.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        await using var connection = _db.Open();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < (GroupCommit ? MaxBatch : 1) && _queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                var results = CommitBatch(connection, batch);
                CommitCount++;
                for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(results[i]);
            }
            catch (Exception ex)
            {
                foreach (var pending in batch) pending.Completion.TrySetException(ex);
            }
        }
    }

    private static AppendResult[] CommitBatch(SqliteConnection connection, List<PendingAppend> batch)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var results = new AppendResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            SqliteDatabase.Execute(connection, "SAVEPOINT append", transaction);
            try
            {
                results[i] = TryAppend(connection, transaction, batch[i]);
                SqliteDatabase.Execute(connection, "RELEASE append", transaction);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)   // constraint: those event ids are already stored
            {
                SqliteDatabase.Execute(connection, "ROLLBACK TO append; RELEASE append", transaction);
                results[i] = new AppendResult.Conflict(CurrentVersion(connection, transaction, batch[i].Stream));
            }
        }
        transaction.Commit();
        return results;
    }

    private static AppendResult TryAppend(SqliteConnection connection, SqliteTransaction transaction, PendingAppend append)
    {
        var current = CurrentVersion(connection, transaction, append.Stream);
        if (current != append.ExpectedVersion) return new AppendResult.Conflict(current);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO events (tenant, stream, version, event_id, type, data, recorded_at)
            VALUES ($tenant, $stream, $version, $id, $type, $data, $at) RETURNING position
            """;
        var version = insert.Parameters.Add("$version", SqliteType.Integer);
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var type = insert.Parameters.Add("$type", SqliteType.Text);
        var data = insert.Parameters.Add("$data", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        insert.Parameters.AddWithValue("$tenant", append.Stream.Tenant);
        insert.Parameters.AddWithValue("$stream", append.Stream.Name);
        long position = 0;
        foreach (var (e, i) in append.Events.Select((e, i) => (e, i)))
        {
            version.Value = current + i + 1;
            id.Value = e.EventId;
            type.Value = e.Type;
            data.Value = e.Data;
            at.Value = e.RecordedAt.UtcDateTime.ToString("O");
            position = (long)insert.ExecuteScalar()!;
        }
        return new AppendResult.Ok(current + append.Events.Count, position);
    }

    private static long CurrentVersion(SqliteConnection connection, SqliteTransaction transaction, StreamId stream)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM events WHERE tenant = $tenant AND stream = $stream";
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Name);
        return (long)command.ExecuteScalar()!;
    }

    private const string Columns = "position, tenant, stream, version, event_id, type, data, recorded_at";

    private static async Task<List<StoredEvent>> ReadEventsAsync(SqliteCommand command, CancellationToken ct)
    {
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new StoredEvent(reader.GetInt64(0), new StreamId(reader.GetString(1), reader.GetString(2)), reader.GetInt64(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), DateTimeOffset.Parse(reader.GetString(7), null, System.Globalization.DateTimeStyles.AssumeUniversal)));
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private sealed record PendingAppend(StreamId Stream, long ExpectedVersion, IReadOnlyList<EventData> Events)
    {
        public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
