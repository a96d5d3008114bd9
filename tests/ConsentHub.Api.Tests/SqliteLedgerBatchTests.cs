using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests;

/// The bulk import's one commit for many streams (SqliteLedgerCommit.AppendManyAsync) against the real SQLite file:
/// a stream that cannot be written is left out alone, with nothing of it stored (no key without its events, no view),
/// while the others of the same piece of work are committed with their keys and views.
public sealed class SqliteLedgerBatchTests : IAsyncLifetime
{
    private readonly string _dir = TestHub.NewDataDir();
    private SqliteDatabase _db = null!;
    private SqliteEventStore _store = null!;
    private SqliteLedgerCommit _commit = null!;

    public Task InitializeAsync()
    {
        _db = new SqliteDatabase(Path.Combine(_dir, "consenthub.db"));
        _store = new SqliteEventStore(_db);
        _ = new SqliteViewStore(_db, _store);   // makes the views tables
        _commit = new SqliteLedgerCommit(_store, _db);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static StreamId Stream(string name) => StreamId.Subject("t", name);

    private static BatchAppend Append(string name, long expected, string eventId) => new(Stream(name), expected,
        [new EventData(eventId, "objection.recorded/v1", "{}", DateTimeOffset.UnixEpoch)], null,
        new PendingKey(new byte[32], [1, 2, 3, (byte)name[0]], 0), [new ViewRow("t", "subject", name, expected + 1, null, "{}")]);

    [Fact]
    public async Task A_stream_whose_version_another_writer_took_is_left_out_and_the_others_are_committed()
    {
        Assert.IsType<AppendResult.Ok>(await _store.AppendAsync(Stream("b"), 0, [new EventData("b-0", "objection.recorded/v1", "{}", DateTimeOffset.UnixEpoch)], default));

        var outcomes = await _commit.AppendManyAsync([Append("a", 0, "a-1"), Append("b", 0, "b-1"), Append("c", 0, "c-1")], default);

        Assert.Equal([BatchOutcome.Ok, BatchOutcome.Conflict, BatchOutcome.Ok], outcomes);
        Assert.Equal(["a-1", "b-0", "c-1"], Column("SELECT event_id FROM events ORDER BY event_id"));
        Assert.Equal(["a", "c"], Column("SELECT stream FROM stream_keys ORDER BY stream").Select(s => s[^1..]));
        Assert.Equal(["a", "c"], Column("SELECT key FROM views WHERE kind = 'subject' ORDER BY key"));
    }

    [Fact]
    public async Task An_erased_stream_is_refused_and_gets_no_key_while_the_others_are_committed()
    {
        await new SqliteStreamKeyStore(_db, _store).DestroyAsync(Stream("gone"), default);

        var outcomes = await _commit.AppendManyAsync([Append("gone", 0, "gone-1"), Append("here", 0, "here-1")], default);

        Assert.Equal([BatchOutcome.Erased, BatchOutcome.Ok], outcomes);
        Assert.Equal(["here-1"], Column("SELECT event_id FROM events"));
        Assert.Equal(["subject-here"], Column("SELECT stream FROM stream_keys"));
        Assert.Equal(["here"], Column("SELECT key FROM views"));
        var probes = await _commit.ProbeAsync([Stream("gone"), Stream("here"), Stream("new")], default);
        Assert.Equal((true, 0L), (probes[Stream("gone")].Erased, probes[Stream("gone")].Version));
        Assert.Equal((false, 1L, true), (probes[Stream("here")].Erased, probes[Stream("here")].Version, probes[Stream("here")].WrappedKey is not null));
        Assert.Equal((false, 0L, false), (probes[Stream("new")].Erased, probes[Stream("new")].Version, probes[Stream("new")].WrappedKey is not null));
    }

    [Fact]
    public async Task A_stream_whose_first_key_another_writer_stored_is_left_out()
    {
        await new SqliteStreamKeyStore(_db, _store).AddOrGetAsync(Stream("raced"), [9, 9, 9], default);

        var outcomes = await _commit.AppendManyAsync([Append("raced", 0, "raced-1"), Append("calm", 0, "calm-1")], default);

        Assert.Equal([BatchOutcome.KeyTaken, BatchOutcome.Ok], outcomes);
        Assert.Equal(["calm-1"], Column("SELECT event_id FROM events"));
    }

    private List<string> Column(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _db.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }
}
