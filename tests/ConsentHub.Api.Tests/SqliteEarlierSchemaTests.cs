using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests;

/// A store made before event ids were indexed by stream keeps its index of every id, and works as before.
public sealed class SqliteEarlierSchemaTests
{
    private static EventData Event(string id) => new(id, "objection.recorded/v1", "{}", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task A_store_with_the_earlier_events_table_appends_and_refuses_a_repeated_id()
    {
        var path = Path.Combine(TestHub.NewDataDir(), "consenthub.db");
        using (var earlier = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            earlier.Open();
            using var create = earlier.CreateCommand();
            create.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE events (
                    position    INTEGER PRIMARY KEY AUTOINCREMENT,
                    tenant      TEXT NOT NULL,
                    stream      TEXT NOT NULL,
                    version     INTEGER NOT NULL,
                    event_id    TEXT NOT NULL UNIQUE,
                    type        TEXT NOT NULL,
                    data        TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    UNIQUE (tenant, stream, version)
                );
                """;
            create.ExecuteNonQuery();
        }
        var db = new SqliteDatabase(path);
        await using var store = new SqliteEventStore(db);
        var stream = StreamId.Subject("t", "a");

        Assert.IsType<AppendResult.Ok>(await store.AppendAsync(stream, 0, [Event("a-1")], default));
        Assert.IsType<AppendResult.Conflict>(await store.AppendAsync(stream, 1, [Event("a-1")], default));
        Assert.IsType<AppendResult.Ok>(await store.AppendAsync(stream, 1, [Event("a-2")], default));
        Assert.Equal(["a-1", "a-2"], (await store.ReadStreamAsync(stream, default)).Events.Select(e => e.EventId));
        await using var connection = db.Open();
        using var indexes = connection.CreateCommand();
        indexes.CommandText = "SELECT group_concat(name, ',') FROM pragma_index_info('sqlite_autoindex_events_1')";
        Assert.Equal("event_id", indexes.ExecuteScalar());
    }
}
