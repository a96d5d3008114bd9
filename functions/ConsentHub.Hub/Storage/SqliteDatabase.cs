using ConsentHub.Hub.Security;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// The embedded database file: WAL, full fsync on commit, deleted pages overwritten.
public sealed class SqliteDatabase
{
    public const int DefaultLockTimeoutSeconds = 5;

    /// `lockTimeoutSeconds`: how long a statement waits for a lock another process holds before it fails (then
    /// writes answer 503), so a locked file never leaves requests hanging.
    public SqliteDatabase(string path, int lockTimeoutSeconds = DefaultLockTimeoutSeconds)
    {
        Path = path;
        PrivateFiles.CreateFolder(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        StoreFileCheck.RefuseEmptyBesideSecrets(path);
        // SQLite gives its -wal and -shm files the database file's mode, so a 0600 database keeps all three private.
        if (!File.Exists(path)) new FileStream(path, PrivateFiles.Options(FileMode.CreateNew, FileAccess.Write)).Dispose();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) PrivateFiles.Restrict(file);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = Math.Max(1, lockTimeoutSeconds) }.ToString();
        try
        {
            using var connection = Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, Schema);
            if (!HasColumn(connection, "propagation_queue", "priority")) AddPriorityLane(connection);
            // Asked first, not in the statement: SQLite walks every event's index entry before it looks at a guard in
            // the WHERE clause, so a done migration would still cost each start a scan that grows with the history.
            LookedForEarlierErasures = !TombstonesDone(connection);
            if (LookedForEarlierErasures) Execute(connection, TombstonesOfEarlierErasures);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is StoreFileCheck.NotADatabase or StoreFileCheck.Corrupt)
        {
            throw StoreFileCheck.NotUsable(path, ex);
        }
    }

    public string Path { get; }
    public string ConnectionString { get; }

    /// Whether this start looked through the events for erasures from before tombstones: once per folder, never again.
    public bool LookedForEarlierErasures { get; }

    /// Whether a write could start now: false while another process holds the database's write lock.
    public bool CanWrite()
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { DefaultTimeout = 1, Pooling = false }.ToString());
            connection.Open();
            Execute(connection, "BEGIN IMMEDIATE; ROLLBACK;");
            return true;
        }
        catch (SqliteException ex) when (StoreFileCheck.IsLocked(ex))
        {
            return false;
        }
    }

    // synchronous=FULL: a commit is on disk (WAL fsynced) before it is acknowledged.
    // secure_delete: a destroyed key's bytes are overwritten, not left in free pages.
    // temp_store=MEMORY: the writer runs each piece of a batch under a savepoint, and SQLite keeps a savepoint's
    // journal (the first-touch copy of every page it changes) in a temporary file by default: about 18 KB and 20
    // write calls per imported line that were never needed after the commit. In memory they cost no system calls,
    // hold at most one piece's pages, and leave no copy of personal data in a temporary file on disk.
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Execute(connection, ConnectionPragmas);
        return connection;
    }

    private const string ConnectionPragmas = "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";

    /// The page cache of the store's one writer: the B-tree pages a bulk batch walks (the indexes' inner pages, the leaves
    /// it fills) stay in memory from one statement and one batch to the next instead of being read again from the file.
    public const int WriterCacheKiB = 64 * 1024;

    /// The store's writer connection, held for the store's lifetime and never pooled (its settings stay its own): a
    /// larger page cache, and its own checkpoint only past `checkpointPages`, as SqliteWalCheckpointer checkpoints
    /// beside it.
    public SqliteConnection OpenWriter(int checkpointPages)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        connection.Open();
        Execute(connection, $"{ConnectionPragmas} PRAGMA cache_size=-{WriterCacheKiB}; PRAGMA wal_autocheckpoint={checkpointPages};");
        return connection;
    }

    /// Moves every WAL frame into the database and truncates the WAL to nothing, so no earlier version of a page
    /// (a destroyed key's, say) stays in it. A reader on an old snapshot holds it up: then it is tried again.
    public async Task CheckpointAsync(CancellationToken ct)
    {
        await using var connection = Open();
        for (var attempt = 1; ; attempt++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct) || reader.GetInt64(0) == 0) return;
            if (attempt == 100) throw new IOException($"The WAL of {Path} could not be checkpointed: a reader kept it busy");
            await Task.Delay(20, ct);
        }
    }

    // Under the write lock and asked again, as two processes may open an older folder at once.
    private static void AddPriorityLane(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        if (!HasColumn(connection, "propagation_queue", "priority", transaction)) Execute(connection, PriorityLane, transaction);
        transaction.Commit();
    }

    private static bool HasColumn(SqliteConnection connection, string table, string column, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM pragma_table_info($table) WHERE name = $column)";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return (long)command.ExecuteScalar()! == 1;
    }

    // Added to folders made before the priority lane: their queued tasks are bulk work, priority 0.
    private const string PriorityLane = """
        ALTER TABLE propagation_queue ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX IF NOT EXISTS propagation_queue_priority ON propagation_queue (state, due_at) WHERE priority = 1;
        """;

    private static bool TombstonesDone(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM checkpoints WHERE name = 'migration:tombstones')";
        return (long)command.ExecuteScalar()! == 1;
    }

    /// A command on one stream's rows: `$tenant` and `$stream` bound to it.
    public static SqliteCommand StreamCommand(SqliteConnection connection, SqliteTransaction? transaction, Domain.Storage.StreamId stream, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", stream.Tenant);
        command.Parameters.AddWithValue("$stream", stream.Name);
        return command;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    // Streams erased before tombstones existed get theirs once (their `subject.erased` events say which), so that
    // no later write makes them a new key; the checkpoint row marks the folder as done.
    private const string TombstonesOfEarlierErasures = """
        INSERT OR IGNORE INTO erased_streams (tenant, stream)
            SELECT DISTINCT tenant, stream FROM events WHERE type = 'subject.erased/v1';
        INSERT OR IGNORE INTO checkpoints (name, position) VALUES ('migration:tombstones', 0);
        """;

    // An event id is unique within its stream (EventIds derive it from the stream, the request and the index), which is
    // all the idempotency of appends asks, and what Cosmos DB's per-partition ids give. Keyed by stream, a batch's ids
    // land on the leaves its streams' other entries share, not each on its own leaf of an index in the order of hashes:
    // a bulk import's batch wrote 45% fewer pages. Stores made before keep their index of every id (UNIQUE event_id),
    // which refuses the same appends, as ids in different streams never meet.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS events (
            position    INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant      TEXT NOT NULL,
            stream      TEXT NOT NULL,
            version     INTEGER NOT NULL,
            event_id    TEXT NOT NULL,
            type        TEXT NOT NULL,
            data        TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            UNIQUE (tenant, stream, version),
            UNIQUE (tenant, stream, event_id)
        );
        CREATE INDEX IF NOT EXISTS events_by_tenant ON events (tenant, position);
        CREATE TABLE IF NOT EXISTS checkpoints (
            name        TEXT PRIMARY KEY,
            position    INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS propagation_queue (
            tenant      TEXT NOT NULL,
            propagation TEXT NOT NULL,
            target      TEXT NOT NULL,
            due_at      INTEGER NOT NULL,
            lease_until INTEGER NOT NULL DEFAULT 0,
            state       TEXT NOT NULL DEFAULT 'ready',
            PRIMARY KEY (tenant, propagation, target)
        );
        CREATE INDEX IF NOT EXISTS propagation_queue_due ON propagation_queue (state, due_at);
        CREATE TABLE IF NOT EXISTS stream_keys (
            tenant      TEXT NOT NULL,
            stream      TEXT NOT NULL,
            wrapped_key BLOB NOT NULL,
            PRIMARY KEY (tenant, stream)
        );
        CREATE TABLE IF NOT EXISTS snapshots (
            tenant      TEXT NOT NULL,
            stream      TEXT NOT NULL,
            version     INTEGER NOT NULL,
            type        TEXT NOT NULL,
            schema      INTEGER NOT NULL,
            state       TEXT NOT NULL,
            PRIMARY KEY (tenant, stream)
        );
        CREATE TABLE IF NOT EXISTS erased_streams (
            tenant      TEXT NOT NULL,
            stream      TEXT NOT NULL,
            PRIMARY KEY (tenant, stream)
        );
        """;
}
