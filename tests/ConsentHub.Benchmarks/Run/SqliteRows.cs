using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Benchmarks.Run;

/// The writes baseline: what the disk allows for durable commits, as SQLite does them with the hub's settings (WAL,
/// synchronous=FULL): one transaction per 400-byte row, one after another, for the given time, in a new file in the
/// given folder (on the same disk as the hub's data). Prints `rows=… perSecond=…`.
public static class SqliteRows
{
    public static async Task<int> RunAsync(string dir, double seconds)
    {
        var path = Path.Combine(dir, "baseline-rows.db");
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE rows (id INTEGER PRIMARY KEY, data TEXT NOT NULL);");
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO rows (data) VALUES ($data)";
            var data = insert.Parameters.Add("$data", SqliteType.Text);
            var payload = new string('x', 400);
            var rows = 0L;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                data.Value = payload;
                insert.ExecuteNonQuery();
                transaction.Commit();
                rows++;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows={rows} perSecond={rows / clock.Elapsed.TotalSeconds:F0}"));
        }
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        return 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
