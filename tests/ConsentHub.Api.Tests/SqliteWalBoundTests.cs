using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests;

/// The WAL is checkpointed beside the writer (SqliteWalCheckpointer); a writer that commits back to back, as a bulk
/// import does, must still let it start again from its beginning, or it would grow with the whole import.
public sealed class SqliteWalBoundTests : IAsyncLifetime
{
    private const int RestartPages = 64, Commits = 200, RowBytes = 100_000;
    private readonly string _dir = TestHub.NewDataDir();
    private SqliteDatabase _db = null!;
    private SqliteEventStore _store = null!;

    public Task InitializeAsync()
    {
        _db = new SqliteDatabase(Path.Combine(_dir, "consenthub.db"));
        // The writer's own checkpoint far off, so only the restart bound can keep the WAL small.
        _store = new SqliteEventStore(_db, wal: new WalPages(RestartPages, 1_000_000));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Commits_back_to_back_leave_a_wal_of_a_few_commits_and_every_row_in_the_file()
    {
        // Each piece of work alone in its transaction, all queued at once: the writer commits them one after another
        // with no pause, about 25 pages each, over 5,000 pages in all.
        var body = new string('x', RowBytes);
        await Task.WhenAll(Enumerable.Range(0, Commits).Select(i => _store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO events (tenant, stream, version, event_id, type, data, recorded_at) VALUES ('t', $stream, 1, 'e', 'x/v1', $data, '2026-01-01T00:00:00Z')";
            command.Parameters.AddWithValue("$stream", $"subject-{i}");
            command.Parameters.AddWithValue("$data", body);
            return command.ExecuteNonQuery();
        }, default, alone: true)));

        var walBytes = new FileInfo(_db.Path + "-wal").Length;
        var pageBytes = 4096 + 24;   // a WAL frame: the page and its header
        // The checkpoint's thread must first see the WAL past the bound, while the writer goes on: some commits' slack
        // on a busy machine. Without the restart the WAL holds every commit, over 5,000 pages.
        Assert.True(walBytes <= 1_500 * pageBytes,
            $"the WAL grew to {walBytes / pageBytes} pages for {Commits} commits of about {RowBytes / 4096} pages each (restart bound {RestartPages})");
        await using var connection = _db.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*), SUM(length(data)) FROM events";
        using var reader = count.ExecuteReader();
        reader.Read();
        Assert.Equal((Commits, (long)Commits * RowBytes), (reader.GetInt64(0), reader.GetInt64(1)));
    }
}
