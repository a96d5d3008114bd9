using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests;

/// The event store port against the real SQLite file.
public sealed class SqliteEventStoreTests : IAsyncLifetime
{
    private readonly string _dir = TestHub.NewDataDir();
    private SqliteEventStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new SqliteEventStore(new SqliteDatabase(Path.Combine(_dir, "consenthub.db")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static EventData Event(string id) => new(id, "objection.recorded/v1", "{}", DateTimeOffset.UnixEpoch);

    private static StreamId Stream(string name) => StreamId.Subject("t", name);

    [Fact]
    public async Task A_second_writer_at_the_same_expected_version_gets_a_conflict()
    {
        Assert.IsType<AppendResult.Ok>(await _store.AppendAsync(Stream("a"), 0, [Event("a-1")], default));
        var conflict = Assert.IsType<AppendResult.Conflict>(await _store.AppendAsync(Stream("a"), 0, [Event("a-2")], default));
        Assert.Equal(1, conflict.ActualVersion);
    }

    [Fact]
    public async Task Writing_the_same_event_id_again_is_a_conflict_not_a_second_event()
    {
        await _store.AppendAsync(Stream("b"), 0, [Event("b-1")], default);
        Assert.IsType<AppendResult.Conflict>(await _store.AppendAsync(Stream("b"), 1, [Event("b-1")], default));
        Assert.Single((await _store.ReadStreamAsync(Stream("b"), default)).Events);
    }

    [Fact]
    public async Task A_commit_of_several_events_gets_consecutive_versions_and_positions()
    {
        var ok = Assert.IsType<AppendResult.Ok>(await _store.AppendAsync(Stream("c"), 0, [Event("c-1"), Event("c-2"), Event("c-3")], default));
        var slice = await _store.ReadStreamAsync(Stream("c"), default);
        Assert.Equal(3, ok.NewVersion);
        Assert.Equal([1L, 2L, 3L], slice.Events.Select(e => e.Version));
        Assert.Equal(ok.LastPosition, slice.Events[^1].Position);
        Assert.Equal(slice.Events[0].Position + 2, slice.Events[^1].Position);
    }

    [Fact]
    public async Task Concurrent_appends_are_gathered_into_shared_transactions_and_all_stored()
    {
        var before = _store.CommitCount;
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => _store.AppendAsync(Stream($"g-{i}"), 0, [Event($"g-{i}")], default)));

        Assert.All(results, r => Assert.IsType<AppendResult.Ok>(r));
        Assert.InRange(_store.CommitCount - before, 1, 199);
        var all = await _store.ReadAllAsync(0, 1000, "t", default);
        Assert.Equal(200, all.Count(e => e.EventId.StartsWith("g-", StringComparison.Ordinal)));
        Assert.Equal(all.Select(e => e.Position).Order(), all.Select(e => e.Position));
    }

    [Fact]
    public async Task The_feed_reads_one_tenant_in_commit_order_after_a_position()
    {
        await _store.AppendAsync(StreamId.Subject("x", "s"), 0, [Event("x-1")], default);
        await _store.AppendAsync(StreamId.Subject("y", "s"), 0, [Event("y-1")], default);
        await _store.AppendAsync(StreamId.Subject("x", "s"), 1, [Event("x-2")], default);

        var x = await _store.ReadAllAsync(0, 10, "x", default);
        Assert.Equal(["x-1", "x-2"], x.Select(e => e.EventId));
        Assert.Equal(["x-2"], (await _store.ReadAllAsync(x[0].Position, 10, "x", default)).Select(e => e.EventId));
    }

    // The writer opens its own connection on its own thread when the store starts. When it cannot (here the file has
    // become a folder), every write fails at once with the cause instead of waiting for a writer that never comes,
    // and the store still closes.
    [Fact]
    public async Task Without_its_writer_connection_every_write_fails_with_the_cause_and_the_store_still_closes()
    {
        var path = Path.Combine(TestHub.NewDataDir(), "consenthub.db");
        var db = new SqliteDatabase(path);
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        Directory.CreateDirectory(path);
        var store = new SqliteEventStore(db);

        foreach (var name in new[] { "w-1", "w-2" })
        {
            var failed = await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync(Stream(name), 0, [Event(name)], default).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.IsType<SqliteException>(failed as SqliteException ?? failed.InnerException);
        }
        await store.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
