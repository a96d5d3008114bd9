using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Benchmarks.Run;

/// Waits until the running hub's propagation has read the whole feed and left no change ready to send, so the
/// measurements do not share the machine with the import's propagations. Reads the hub's database file read-only
/// (WAL lets a reader beside the writer); it never writes it.
public static class Quiet
{
    public static async Task<int> WaitAsync(string db)
    {
        var clock = Stopwatch.StartNew();
        var said = TimeSpan.Zero;
        while (true)
        {
            long head, read, ready;
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            {
                connection.Open();
                head = Scalar(connection, "SELECT COALESCE(MAX(position), 0) FROM events");
                read = Scalar(connection, "SELECT COALESCE((SELECT position FROM checkpoints WHERE name = 'propagation-starter'), 0)");
                ready = Scalar(connection, "SELECT COUNT(*) FROM propagation_queue WHERE state = 'ready'");
            }
            if (read >= head && ready == 0)
            {
                Console.WriteLine($"  propagation caught up after {clock.Elapsed.TotalSeconds:F0} s ({head} events)");
                return 0;
            }
            if (clock.Elapsed - said >= TimeSpan.FromSeconds(10))
            {
                said = clock.Elapsed;
                Console.WriteLine($"  propagation: {read} of {head} events read, {ready} deliveries ready ({clock.Elapsed.TotalSeconds:F0} s)");
            }
            await Task.Delay(1000);
        }
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
