using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests.Kit;

/// Rows of the hub's SQLite file read from outside, as anyone with the folder could (no pooling: no snapshot held open).
public static class StoreRows
{
    private static SqliteConnection Open(string dataDir)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDir, "consenthub.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// The wrapped stream keys of a tenant, by stream name.
    public static Dictionary<string, byte[]> WrappedKeys(string dataDir, string tenant)
    {
        using var connection = Open(dataDir);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT stream, wrapped_key FROM stream_keys WHERE tenant = $tenant";
        command.Parameters.AddWithValue("$tenant", tenant);
        using var reader = command.ExecuteReader();
        var keys = new Dictionary<string, byte[]>();
        while (reader.Read()) keys[reader.GetString(0)] = (byte[])reader[1];
        return keys;
    }

    /// How many events a tenant's people streams (subjects, contact points, visitors) hold.
    public static long PeopleEvents(string dataDir, string tenant)
    {
        using var connection = Open(dataDir);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM events WHERE tenant = $tenant AND (stream LIKE 'subject-%' OR stream LIKE 'contact-%' OR stream LIKE 'visitor-%')";
        command.Parameters.AddWithValue("$tenant", tenant);
        return (long)command.ExecuteScalar()!;
    }
}
