using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Security;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// A write to a person's stream as one SQLite commit: a new stream's key, the events, and the views of the new
/// state (LedgerService). A key is never committed without the events it sealed, nor events without their key; and
/// the write answers with its views stored, with no second commit for them.
public sealed class SqliteLedgerCommit(SqliteEventStore store, SqliteDatabase db)
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
                return SqliteStreamKeyStore.IsErased(connection, transaction, stream) ? Erased : null;
            }
            var stored = SqliteStreamKeyStore.AddOrGet(connection, transaction, stream, key.NewWrapped);
            return stored is null ? Erased : stored.AsSpan().SequenceEqual(key.NewWrapped) ? null : KeyTaken;
        }, (connection, transaction) =>
        {
            foreach (var view in views) SqliteViewStore.Put(connection, transaction, view);
        }, ct);

    /// ProbeAsync for one stream (a single route's write), as one query on the store's indexes.
    public async Task<StreamProbe> ProbeAsync(StreamId stream, CancellationToken ct)
    {
        await using var connection = db.Open();
        await using var command = SqliteDatabase.StreamCommand(connection, null, stream, """
            SELECT (SELECT wrapped_key FROM stream_keys WHERE tenant = $tenant AND stream = $stream),
                EXISTS (SELECT 1 FROM erased_streams WHERE tenant = $tenant AND stream = $stream),
                (SELECT COALESCE(MAX(version), 0) FROM events WHERE tenant = $tenant AND stream = $stream)
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new StreamProbe(reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.GetInt64(1) == 1, reader.GetInt64(2));
    }

    /// What a batch writer needs to know of each stream before it decides (LedgerService.WriteManyAsync), read with one
    /// query for them all: its wrapped key, whether it was erased, and its latest version (0: no events).
    public async Task<IReadOnlyDictionary<StreamId, StreamProbe>> ProbeAsync(IReadOnlyCollection<StreamId> streams, CancellationToken ct)
    {
        var found = new Dictionary<StreamId, StreamProbe>(streams.Count);
        await using var connection = db.Open();
        foreach (var tenant in streams.GroupBy(s => s.Tenant))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT j.value,
                    (SELECT wrapped_key FROM stream_keys k WHERE k.tenant = $tenant AND k.stream = j.value),
                    EXISTS (SELECT 1 FROM erased_streams x WHERE x.tenant = $tenant AND x.stream = j.value),
                    (SELECT COALESCE(MAX(version), 0) FROM events e WHERE e.tenant = $tenant AND e.stream = j.value)
                FROM json_each($streams) j
                """;
            command.Parameters.AddWithValue("$tenant", tenant.Key);
            command.Parameters.AddWithValue("$streams", System.Text.Json.JsonSerializer.Serialize(tenant.Select(s => s.Name).ToArray()));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                found[new StreamId(tenant.Key, reader.GetString(0))] =
                    new StreamProbe(reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1), reader.GetInt64(2) == 1, reader.GetInt64(3));
        }
        return found;
    }

    /// Many streams' writes as one piece of the writer's work, so one commit holds them all: each under its own
    /// savepoint, so one that cannot be written (erased meanwhile, its version or key taken by another writer) is
    /// rolled back alone and the others stand. Each keeps the guarantees of AppendAsync: a new key only with its
    /// events, the views in the same transaction. The commands are prepared once and reused for every stream.
    public async Task<BatchOutcome[]> AppendManyAsync(IReadOnlyList<BatchAppend> appends, CancellationToken ct)
    {
        var (outcomes, positions) = ((BatchOutcome[], long[]))await store.WriteAsync((connection, transaction) =>
        {
            var outcomes = new BatchOutcome[appends.Count];
            var positions = new long[appends.Count];
            for (var i = 0; i < appends.Count; i++)
            {
                SqliteStatements.Execute(connection, transaction, "SAVEPOINT one");
                try
                {
                    (outcomes[i], positions[i]) = Append(connection, transaction, appends[i]);
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode == 19)   // constraint: the version or an event id is taken
                {
                    outcomes[i] = BatchOutcome.Conflict;
                }
                SqliteStatements.Execute(connection, transaction, outcomes[i] == BatchOutcome.Ok ? "RELEASE one" : "ROLLBACK TO one; RELEASE one");
            }
            return (outcomes, positions);
        }, ct, alone: true);
        for (var i = 0; i < appends.Count; i++)
            if (outcomes[i] == BatchOutcome.Ok)
            {
                var a = appends[i];
                await store.TellAsync(a.Stream, a.ExpectedVersion, a.Events, new AppendResult.Ok(a.ExpectedVersion + a.Events.Count, positions[i]), ct);
            }
        return outcomes;
    }

    // No version is read first: the events' unique (stream, version) and event ids refuse an append whose version
    // another writer took, as a constraint error.
    private static (BatchOutcome, long) Append(SqliteConnection connection, SqliteTransaction transaction, BatchAppend append)
    {
        var (stream, key) = (append.Stream, append.Key);
        if (key.NewWrapped is null)
        {
            if (SqliteStreamKeyStore.IsErased(connection, transaction, stream)) return (BatchOutcome.Erased, 0);
        }
        else
        {
            var stored = SqliteStreamKeyStore.AddOrGet(connection, transaction, stream, key.NewWrapped);
            if (stored is null) return (BatchOutcome.Erased, 0);
            if (!stored.AsSpan().SequenceEqual(key.NewWrapped)) return (BatchOutcome.KeyTaken, 0);
        }
        var ok = SqliteEventStore.Insert(connection, transaction, stream, append.ExpectedVersion, append.Events);
        if (append.Snapshot is { } snapshot) SqliteEventStore.KeepSnapshot(connection, transaction, stream, snapshot);
        foreach (var view in append.Views) SqliteViewStore.Put(connection, transaction, view);
        return (BatchOutcome.Ok, ok.LastPosition);
    }
}

/// A stream as ProbeAsync read it.
public sealed record StreamProbe(byte[]? WrappedKey, bool Erased, long Version);

/// One stream's write in AppendManyAsync: its events after `ExpectedVersion`, sealed with `Key` (stored now when new).
public sealed record BatchAppend(StreamId Stream, long ExpectedVersion, IReadOnlyList<EventData> Events, Snapshot? Snapshot, PendingKey Key,
    IReadOnlyList<ViewRow> Views);

public enum BatchOutcome
{
    Ok,
    /// Another writer appended to the stream first, or stored its first key first: nothing of it was written.
    Conflict,
    KeyTaken,
    /// The stream was erased: nothing was written.
    Erased,
}
