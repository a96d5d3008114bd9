using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests;

/// Every connection the store opens has its settings (full fsync on commit, overwritten deletes, foreign keys,
/// temporary data in memory): one the pool hands out again, and one it opens anew.
public sealed class SqliteConnectionSettingsTests
{
    [Fact]
    public void A_connection_the_pool_hands_out_again_keeps_the_store_settings()
    {
        var db = new SqliteDatabase(Path.Combine(TestHub.NewDataDir(), "consenthub.db"));
        SQLitePCL.sqlite3 first;
        using (var connection = db.Open()) first = connection.Handle!;
        using var again = db.Open();

        Assert.Same(first, again.Handle);   // the same physical connection, from the pool
        AssertSettings(again);
    }

    [Fact]
    public void A_connection_opened_after_the_pool_was_cleared_gets_the_store_settings()
    {
        var db = new SqliteDatabase(Path.Combine(TestHub.NewDataDir(), "consenthub.db"));
        using (var connection = db.Open()) SqliteConnection.ClearPool(connection);
        using var fresh = db.Open();

        AssertSettings(fresh);
    }

    private static void AssertSettings(SqliteConnection connection)
    {
        Assert.Equal(2L, Pragma(connection, "synchronous"));   // 2 = FULL
        Assert.Equal(1L, Pragma(connection, "secure_delete"));
        Assert.Equal(1L, Pragma(connection, "foreign_keys"));
        Assert.Equal(2L, Pragma(connection, "temp_store"));    // 2 = MEMORY
    }

    private static object? Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return command.ExecuteScalar();
    }
}
