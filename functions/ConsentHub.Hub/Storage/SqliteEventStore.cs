using System.Threading.Channels;
using ConsentHub.Domain.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// The embedded event store. Appends from concurrent writers are gathered by one writer loop into shared
/// transactions (group commit): one fsync acknowledges a whole batch, and positions commit in order.
public sealed class SqliteEventStore : IEventStore, IEventFeed, IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly SqliteDatabase _db;
    private readonly Channel<PendingWork> _queue = Channel.CreateUnbounded<PendingWork>(new() { SingleReader = true });
    private readonly Thread _writer;
    private readonly TaskCompletionSource _writerEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteWalCheckpointer _checkpointer;
    private readonly WalPages _wal;
    private readonly ICommitObserver[] _observers;

    /// `observers`: told of each append after its commit, in the appender's flow (the server's priority lane).
    /// `wal`: the WAL's bounds (SqliteWalCheckpointer); tests make them small.
    public SqliteEventStore(SqliteDatabase db, bool groupCommit = true, IEnumerable<ICommitObserver>? observers = null, WalPages? wal = null)
    {
        _db = db;
        _observers = [.. observers ?? []];
        GroupCommit = groupCommit;
        _wal = wal ?? WalPages.Default;
        _checkpointer = new SqliteWalCheckpointer(db, _wal.Restart);
        // A thread of its own: each batch blocks on SQLite and its fsync, which on the thread pool would take one of
        // the few threads (two on two cores) that answer requests and decide the next batch meanwhile.
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "SQLite writer" };
        _writer.Start();
    }

    public string Kind => "sqlite";

    /// Off only to measure against: then every append is its own transaction and fsync.
    public bool GroupCommit { get; }

    public long CommitCount { get; private set; }

    private long _eventsRead;

    /// How many events stream reads have returned (the global feed not counted): tests see how much a write reads.
    public long EventsRead => Interlocked.Read(ref _eventsRead);

    private long _feedEventsRead;

    /// How many events global feed reads have returned: tests see that a start-up does not scan the history.
    public long FeedEventsRead => Interlocked.Read(ref _feedEventsRead);

    public Task<StreamSlice> ReadStreamAsync(StreamId stream, CancellationToken ct) => ReadStreamAsync(stream, 0, ct);

    /// The tenants that have a tenant stream. Skips from one tenant to the next on the (tenant, stream, version) index,
    /// one seek per tenant, so the cost grows with the number of tenants, not of events.
    public async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken ct)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            WITH RECURSIVE t(tenant) AS (
                SELECT MIN(tenant) FROM events
                UNION ALL
                SELECT (SELECT MIN(tenant) FROM events WHERE tenant > t.tenant) FROM t WHERE t.tenant IS NOT NULL)
            SELECT tenant FROM t
            WHERE tenant IS NOT NULL AND EXISTS (SELECT 1 FROM events WHERE events.tenant = t.tenant AND stream = 'tenant')
            """;
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tenants.Add(reader.GetString(0));
        return tenants;
    }

    public async Task<StreamSlice> ReadStreamAsync(StreamId stream, long afterVersion, CancellationToken ct)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM events WHERE tenant = $tenant AND stream = $stream AND version > $after ORDER BY version";
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Name);
        command.Parameters.AddWithValue("$after", afterVersion);
        var events = await ReadEventsAsync(command, ct);
        Interlocked.Add(ref _eventsRead, events.Count);
        if (events.Count > 0) return new StreamSlice(events[^1].Version, events);
        if (afterVersion == 0) return new StreamSlice(0, events);
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM events WHERE tenant = $tenant AND stream = $stream";
        return new StreamSlice((long)(await command.ExecuteScalarAsync(ct))!, events);
    }

    public async Task<Snapshot?> ReadSnapshotAsync(StreamId stream, CancellationToken ct)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, type, schema, state FROM snapshots WHERE tenant = $tenant AND stream = $stream";
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Name);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new Snapshot(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3)) : null;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int limit, string? tenant, CancellationToken ct)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM events WHERE position > $after {(tenant is null ? "" : "AND tenant = $tenant")} ORDER BY position LIMIT $limit";
        command.Parameters.AddWithValue("$after", afterPosition);
        command.Parameters.AddWithValue("$limit", limit);
        if (tenant is not null) command.Parameters.AddWithValue("$tenant", tenant);
        var events = await ReadEventsAsync(command, ct);
        Interlocked.Add(ref _feedEventsRead, events.Count);
        return events;
    }

    public Task<AppendResult> AppendAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken ct) =>
        AppendAsync(stream, expectedVersion, events, null, ct);

    /// The snapshot is upserted in the append's own transaction: it is never ahead of, nor lost from, a committed append.
    public async Task<AppendResult> AppendAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, Snapshot? snapshot, CancellationToken ct)
    {
        Snapshot.RequireAt(snapshot, expectedVersion + events.Count);
        AppendResult result;
        try
        {
            result = (AppendResult)await WriteAsync((connection, transaction) => TryAppend(connection, transaction, stream, expectedVersion, events, snapshot), ct);
        }
        catch (DuplicateEventException duplicate)
        {
            return new AppendResult.Conflict(duplicate.Actual);   // the same request was stored before: re-read and replay
        }
        if (result is AppendResult.Ok ok) await TellAsync(stream, expectedVersion, events, ok, ct);
        return result;
    }

    // One append's rows are inserted one after another in one transaction, so their positions run up to the last one.
    internal async Task TellAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, AppendResult.Ok ok, CancellationToken ct)
    {
        if (_observers.Length == 0) return;
        var first = ok.LastPosition - events.Count + 1;
        var stored = events.Select((e, i) => new StoredEvent(first + i, stream, expectedVersion + i + 1, e.EventId, e.Type, e.Data, e.RecordedAt)).ToList();
        foreach (var observer in _observers) await observer.CommittedAsync(stored, ct);
    }

    /// An append with writes that commit in its own transaction: `admit` runs first, after the version check, and
    /// may refuse the append (its reason is thrown as AppendRefusedException, nothing written); `with` runs after the
    /// events (the views of the new state). One commit for a new stream's key, its first events and its views.
    public async Task<AppendResult> AppendWithAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, Snapshot? snapshot,
        Func<SqliteConnection, SqliteTransaction, string?> admit, Action<SqliteConnection, SqliteTransaction> with, CancellationToken ct)
    {
        Snapshot.RequireAt(snapshot, expectedVersion + events.Count);
        object outcome;
        try
        {
            outcome = await WriteAsync((connection, transaction) =>
            {
                var current = CurrentVersion(connection, transaction, stream);
                if (current != expectedVersion) return new AppendResult.Conflict(current);
                if (admit(connection, transaction) is { } refused) return refused;
                var result = TryAppend(connection, transaction, stream, expectedVersion, events, snapshot, versionChecked: true);
                if (result is AppendResult.Ok) with(connection, transaction);
                return result;
            }, ct);
        }
        catch (DuplicateEventException duplicate)
        {
            return new AppendResult.Conflict(duplicate.Actual);
        }
        if (outcome is string why) throw new AppendRefusedException(stream, why);
        if (outcome is AppendResult.Ok ok) await TellAsync(stream, expectedVersion, events, ok, ct);
        return (AppendResult)outcome;
    }

    /// Runs a write inside the next shared transaction; other writes of the same store (stream keys) batch with appends.
    /// `alone`: the work gets a transaction of its own (a bulk batch that keeps a savepoint per stream): a savepoint
    /// inside the batch's savepoint makes SQLite copy the pages again and walk the whole in-memory sub-journal when it
    /// ends, which grew with the square of the batch's size.
    public async Task<object> WriteAsync(Func<SqliteConnection, SqliteTransaction, object> work, CancellationToken ct, bool alone = false)
    {
        var pending = new PendingWork(work, alone);
        await _queue.Writer.WriteAsync(pending, ct);
        // Not cancellable once queued: the caller learns the true outcome of a write that may already be durable.
        return await pending.Completion.Task;
    }

    // Whatever ends the loop, the writes waiting and those still to come are failed rather than left waiting, and the
    // cause reaches DisposeAsync: it never escapes the thread, which would end the process.
    private void WriteLoop()
    {
        try
        {
            WriteAll();
            _writerEnded.TrySetResult();
        }
        catch (Exception ex)
        {
            RefuseAll(ex);
            _writerEnded.TrySetException(ex);
        }
    }

    private void WriteAll()
    {
        var batch = new List<PendingWork>(MaxBatch);
        using var connection = OpenOrRefuseAll();
        if (connection is null) return;
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            if (_checkpointer.RestartDue) _checkpointer.CatchUpAsync().GetAwaiter().GetResult();
            batch.Clear();
            while (batch.Count < (GroupCommit ? MaxBatch : 1) && _queue.Reader.TryPeek(out var next))
            {
                if (batch.Count > 0 && (next.Alone || batch[0].Alone)) break;
                batch.Add(next);
                _queue.Reader.TryRead(out _);
            }
            try
            {
                var results = CommitBatch(connection, batch);
                CommitCount++;
                _checkpointer.Committed();
                for (var i = 0; i < batch.Count; i++)
                {
                    if (results[i] is Exception failed) batch[i].Completion.TrySetException(failed);
                    else batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch) pending.Completion.TrySetException(ex);
            }
        }
    }

    // Without a connection nothing can be written: every write is refused now rather than left waiting.
    private SqliteConnection? OpenOrRefuseAll()
    {
        try
        {
            return _db.OpenWriter(_wal.Writer);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            RefuseAll(ex);
            return null;
        }
    }

    // The writes waiting fail with `ex`, and so does every write after them: the queue takes no more.
    private void RefuseAll(Exception ex)
    {
        _queue.Writer.TryComplete(ex);
        while (_queue.Reader.TryRead(out var waiting)) waiting.Completion.TrySetException(ex);
    }

    // Each piece of work runs under a savepoint, so one that fails leaves the others of its batch intact; one alone
    // in its transaction needs none: when it fails, the transaction is rolled back.
    private static object[] CommitBatch(SqliteConnection connection, List<PendingWork> batch)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var results = new object[batch.Count];
        if (batch.Count == 1)
        {
            try
            {
                results[0] = batch[0].Work(connection, transaction);
            }
            catch (Exception ex) when (ex is SqliteException or DuplicateEventException)
            {
                transaction.Rollback();
                return [ex];
            }
            transaction.Commit();
            return results;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            SqliteStatements.Execute(connection, transaction, "SAVEPOINT work");
            try
            {
                results[i] = batch[i].Work(connection, transaction);
                SqliteStatements.Execute(connection, transaction, "RELEASE work");
            }
            catch (Exception ex) when (ex is SqliteException or DuplicateEventException)
            {
                SqliteStatements.Execute(connection, transaction, "ROLLBACK TO work; RELEASE work");
                results[i] = ex;
            }
        }
        transaction.Commit();
        return results;
    }

    // `versionChecked`: the caller read the version in this transaction already.
    private static AppendResult TryAppend(SqliteConnection connection, SqliteTransaction transaction, StreamId stream, long expectedVersion,
        IReadOnlyList<EventData> events, Snapshot? snapshot, bool versionChecked = false)
    {
        var current = versionChecked ? expectedVersion : CurrentVersion(connection, transaction, stream);
        if (current != expectedVersion) return new AppendResult.Conflict(current);
        try
        {
            var ok = Insert(connection, transaction, stream, current, events);
            if (snapshot is not null) KeepSnapshot(connection, transaction, stream, snapshot);
            return ok;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)   // constraint: those event ids are already stored
        {
            throw new DuplicateEventException(CurrentVersion(connection, transaction, stream), ex);
        }
    }

    /// Inside the writer's transaction: the events after version `current`; a constraint error when a version or an
    /// event id is taken (another writer's append, or the same request's events stored before).
    internal static AppendResult.Ok Insert(SqliteConnection connection, SqliteTransaction transaction, StreamId stream, long current, IReadOnlyList<EventData> events)
    {
        var insert = SqliteStatements.For(connection, transaction, """
            INSERT INTO events (tenant, stream, version, event_id, type, data, recorded_at)
            VALUES ($tenant, $stream, $version, $id, $type, $data, $at)
            """);
        var version = insert.Parameters.Add("$version", SqliteType.Integer);
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var type = insert.Parameters.Add("$type", SqliteType.Text);
        var data = insert.Parameters.Add("$data", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        insert.Parameters.AddWithValue("$tenant", stream.Tenant);
        insert.Parameters.AddWithValue("$stream", stream.Name);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            version.Value = current + i + 1;
            id.Value = e.EventId;
            type.Value = e.Type;
            data.Value = e.Data;
            at.Value = e.RecordedAt.UtcDateTime.ToString("O");
            insert.ExecuteNonQuery();
        }
        // The position is the rowid. Not asked with RETURNING: that makes SQLite keep a statement journal for every
        // insert (a copy of each page it touches, walked again at the statement's end), a large part of a batch's cost.
        return new AppendResult.Ok(current + events.Count, SQLitePCL.raw.sqlite3_last_insert_rowid(connection.Handle));
    }

    internal static void KeepSnapshot(SqliteConnection connection, SqliteTransaction transaction, StreamId stream, Snapshot snapshot)
    {
        var upsert = SqliteStatements.ForStream(connection, transaction, stream, """
            INSERT INTO snapshots (tenant, stream, version, type, schema, state) VALUES ($tenant, $stream, $version, $type, $schema, $state)
            ON CONFLICT (tenant, stream) DO UPDATE SET version = excluded.version, type = excluded.type, schema = excluded.schema, state = excluded.state
            """);
        upsert.Parameters.AddWithValue("$version", snapshot.Version);
        upsert.Parameters.AddWithValue("$type", snapshot.Type);
        upsert.Parameters.AddWithValue("$schema", snapshot.Schema);
        upsert.Parameters.AddWithValue("$state", snapshot.State);
        upsert.ExecuteNonQuery();
    }

    private static long CurrentVersion(SqliteConnection connection, SqliteTransaction transaction, StreamId stream) =>
        (long)SqliteStatements.ForStream(connection, transaction, stream, "SELECT COALESCE(MAX(version), 0) FROM events WHERE tenant = $tenant AND stream = $stream").ExecuteScalar()!;

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
        await _writerEnded.Task;
        await _checkpointer.DisposeAsync();
    }

    private sealed record PendingWork(Func<SqliteConnection, SqliteTransaction, object> Work, bool Alone)
    {
        public TaskCompletionSource<object> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// The savepoint is rolled back by the batch; the appender learns it as a conflict and re-reads.
    private sealed class DuplicateEventException(long actual, SqliteException inner) : Exception("duplicate event id", inner)
    {
        public long Actual { get; } = actual;
    }
}

/// An append its caller's check refused inside the transaction (a stream erased meanwhile): nothing was written.
public sealed class AppendRefusedException(StreamId stream, string reason) : Exception($"The append to {stream} was refused: {reason}")
{
    public string Reason { get; } = reason;
}
