using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// Copies committed WAL frames into the database file on a connection of its own, beside the store's writer, after
/// each commit (PASSIVE: it never waits for a lock, and never holds the writer up). Left to the writer, every
/// checkpoint read each frame back, wrote it into the database file and synced it on the writer's thread: at a
/// million subjects most of a bulk import's writer time. Here it runs on the other core while the writer builds its
/// next commit; nothing about durability changes, as a commit is acknowledged once its frames are synced in the WAL.
///
/// The WAL starts again from its beginning only when a write transaction begins with every frame copied and no
/// reader on an older snapshot. A writer that commits back to back never begins so, and the WAL would grow with the
/// whole import: past `WalPages.Restart` the writer waits for this thread to copy what it committed (CatchUpAsync) before
/// it begins its next transaction. Should this thread have no connection (refused), the writer's own checkpoint at
/// `WalPages.Writer` (its wal_autocheckpoint) still bounds the WAL.
public sealed class SqliteWalCheckpointer : IAsyncDisposable
{
    private readonly SqliteDatabase _db;
    private readonly int _restartPages;
    private readonly object _gate = new();   // Monitor.Wait and Pulse need an object, not a Lock
    private readonly List<TaskCompletionSource> _waiters = [];
    private readonly Thread _thread;
    private bool _pending, _stopped;
    private volatile bool _restartDue;

    /// A thread of its own, not the thread pool's: the checkpoint blocks on the file, and a pool busy with requests
    /// (or a test run's many hubs) could leave it waiting for seconds while the writer fills the WAL.
    public SqliteWalCheckpointer(SqliteDatabase db, int restartPages)
    {
        (_db, _restartPages) = (db, restartPages);
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite WAL checkpoint" };
        _thread.Start();
    }

    /// Whether the WAL has grown past its restart bound: the writer should CatchUpAsync before it begins again.
    public bool RestartDue => _restartDue;

    /// After a commit: the new frames will be copied.
    public void Committed()
    {
        lock (_gate)
        {
            _pending = true;
            Monitor.Pulse(_gate);
        }
    }

    /// Completes when a checkpoint that began after this call has ended (or could not run). The writer calls it
    /// between transactions, so that checkpoint copies every frame it committed.
    public Task CatchUpAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stopped) return Task.CompletedTask;
            _waiters.Add(done);
            _pending = true;
            Monitor.Pulse(_gate);
        }
        return done.Task;
    }

    private void Run()
    {
        using var connection = TryOpen();
        var waiters = new List<TaskCompletionSource>();
        while (true)
        {
            lock (_gate)
            {
                while (!_pending && !_stopped) Monitor.Wait(_gate);
                if (_stopped) break;
                _pending = false;
                waiters.AddRange(_waiters);
                _waiters.Clear();
            }
            if (connection is not null) Checkpoint(connection);
            foreach (var waiter in waiters) waiter.TrySetResult();
            waiters.Clear();
        }
        lock (_gate)
        {
            foreach (var waiter in _waiters) waiter.TrySetResult();
            _waiters.Clear();
        }
    }

    // Without a connection the writer's own checkpoint keeps the WAL bounded, and waiters are released at once.
    private SqliteConnection? TryOpen()
    {
        try
        {
            return _db.Open();
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Checkpoint(SqliteConnection connection)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return;
            _restartDue = reader.GetInt64(1) >= _restartPages;   // the frames in the WAL
        }
        catch (SqliteException)
        {
            // Another checkpoint (an erasure's TRUNCATE) or another process holds the file: the next commit tries again.
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.Pulse(_gate);
        }
        _thread.Join();
        return ValueTask.CompletedTask;
    }
}

/// The WAL's bounds in pages (4 KiB each). `Restart`: past it the writer lets the checkpoint catch up, so its next
/// transaction starts the WAL again. `Writer`: the writer's own checkpoint, should the checkpointer fall behind or stop.
public sealed record WalPages(int Restart, int Writer)
{
    public static readonly WalPages Default = new(16_384, 65_536);
}
