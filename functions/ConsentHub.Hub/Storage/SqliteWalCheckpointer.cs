using System.Threading.Channels;
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
/// whole import: past `RestartPages` the writer waits for this loop to copy what it committed (CatchUpAsync) before
/// it begins its next transaction. Should this loop stop (its connection refused), the writer's own checkpoint at
/// `WalPages.Writer` (its wal_autocheckpoint) still bounds the WAL.
public sealed class SqliteWalCheckpointer : IAsyncDisposable
{
    private readonly SqliteDatabase _db;
    private readonly int _restartPages;
    private readonly Channel<TaskCompletionSource?> _requests = Channel.CreateUnbounded<TaskCompletionSource?>(new() { SingleReader = true });
    private readonly Task _loop;
    private volatile bool _restartDue;

    public SqliteWalCheckpointer(SqliteDatabase db, int restartPages)
    {
        (_db, _restartPages) = (db, restartPages);
        _loop = Task.Run(RunAsync);
    }

    /// Whether the WAL has grown past its restart bound: the writer should CatchUpAsync before it begins again.
    public bool RestartDue => _restartDue;

    /// After a commit: the new frames will be copied.
    public void Committed() => _requests.Writer.TryWrite(null);

    /// Completes when a checkpoint that began after this call has ended (or could not run). The writer calls it
    /// between transactions, so that checkpoint copies every frame it committed.
    public Task CatchUpAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_requests.Writer.TryWrite(done)) done.TrySetResult();
        return done.Task;
    }

    private async Task RunAsync()
    {
        await using var connection = TryOpen();
        var waiters = new List<TaskCompletionSource>();
        while (await _requests.Reader.WaitToReadAsync())
        {
            waiters.Clear();
            while (_requests.Reader.TryRead(out var request))
                if (request is not null) waiters.Add(request);
            if (connection is not null) Checkpoint(connection);
            foreach (var waiter in waiters) waiter.TrySetResult();
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

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _loop;
    }
}

/// The WAL's bounds in pages (4 KiB each). `Restart`: past it the writer lets the checkpoint catch up, so its next
/// transaction starts the WAL again. `Writer`: the writer's own checkpoint, should the checkpointer fall behind or stop.
public sealed record WalPages(int Restart, int Writer)
{
    public static readonly WalPages Default = new(16_384, 65_536);
}
