using System.Diagnostics;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Storage;

// Load harness: every figure is a ratio against a baseline measured in the same run on the same machine.
//   dotnet run -c Release --project tests/ConsentHub.Benchmarks [-- --writers 64 --appends 4000]
var writers = Arg("--writers", 64);
var appends = Arg("--appends", 4000);

Console.WriteLine($"Group commit: {appends} appends to distinct streams from {writers} concurrent writers, real SQLite file (WAL, synchronous=FULL).");
var baseline = await MeasureAsync(groupCommit: false);
var grouped = await MeasureAsync(groupCommit: true);
Console.WriteLine($"  one transaction per append (baseline): {baseline.PerSecond,10:F0} appends/s, {baseline.Commits} commits");
Console.WriteLine($"  group commit:                          {grouped.PerSecond,10:F0} appends/s, {grouped.Commits} commits");
Console.WriteLine($"  ratio: {grouped.PerSecond / baseline.PerSecond:F1}x the baseline's throughput, {(double)baseline.Commits / grouped.Commits:F1}x fewer fsyncs");

async Task<(double PerSecond, long Commits)> MeasureAsync(bool groupCommit)
{
    var dir = Directory.CreateTempSubdirectory("consenthub-bench-").FullName;
    try
    {
        await using var store = new SqliteEventStore(new SqliteDatabase(Path.Combine(dir, "bench.db")), groupCommit);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < appends;)
            {
                var result = await store.AppendAsync(StreamId.Subject("bench", $"s{i}"), 0,
                    [new EventData($"e{i}", "objection.recorded/v1", """{"scope":"direct-marketing","channel":"all"}""", DateTimeOffset.UtcNow)], default);
                if (result is not AppendResult.Ok) throw new InvalidOperationException($"append {i}: {result}");
            }
        })));
        return (appends / clock.Elapsed.TotalSeconds, store.CommitCount);
    }
    finally
    {
        Directory.Delete(dir, recursive: true);
    }
}

int Arg(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
