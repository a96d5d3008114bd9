using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Benchmarks.Run;

/// The start-up baseline: every row of every table of every SQLite file in the hub's data folder read once, each
/// column's value taken, in one process (its runtime start not counted: the hub's figure includes its own). Prints
/// `rows=… ms=…`.
public static class RawScan
{
    public static int Run(string dir)
    {
        var clock = Stopwatch.StartNew();
        long rows = 0, bytes = 0;
        foreach (var file in Directory.EnumerateFiles(dir, "*.db", SearchOption.AllDirectories))
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
                using var reader = list.ExecuteReader();
                while (reader.Read()) tables.Add(reader.GetString(0));
            }
            foreach (var table in tables)
            {
                using var scan = connection.CreateCommand();
                scan.CommandText = $"SELECT * FROM \"{table}\"";
                using var reader = scan.ExecuteReader();
                while (reader.Read())
                {
                    rows++;
                    for (var c = 0; c < reader.FieldCount; c++)
                        bytes += reader.GetValue(c) switch { string s => s.Length, byte[] b => b.Length, _ => 8 };
                }
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows={rows} bytes={bytes} ms={clock.Elapsed.TotalMilliseconds:F0}"));
        return 0;
    }
}
