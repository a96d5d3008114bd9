using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

/// The store's savepoint journals (a copy of every page a write changes) and temporary tables stay in memory:
/// no write leaves a copy of personal data in a temporary file, and none costs the disk writes of one.
public sealed class SqliteTempStoreTests
{
    [Fact]
    public void Every_connection_of_the_store_keeps_its_temporary_data_in_memory()
    {
        var db = new SqliteDatabase(Path.Combine(TestHub.NewDataDir(), "consenthub.db"));
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store";

        Assert.Equal(2L, command.ExecuteScalar());   // 2 = MEMORY
    }
}
