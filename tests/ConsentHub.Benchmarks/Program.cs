using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentHub.Benchmarks;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub;
using ConsentHub.Hub.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

// Load harness: every figure is a ratio against a baseline measured in the same run on the same machine.
//   dotnet run -c Release --project tests/ConsentHub.Benchmarks [-- --writers 64 --appends 4000 --recipients 2000 --long 10000 --writes 200]
//   (--only long-streams runs that section alone)
//   dotnet run -c Release --project tests/ConsentHub.Benchmarks -- --only startup [--small 100000 --large 1000000 --people 10000]
//   dotnet run -c Release --project tests/ConsentHub.Benchmarks -- --only reads [--people 20000 --seconds 4]
//   (start-up on data folders kept under results/data; only run when asked, as the first run writes a million events)
// The benchmark command over HTTP with wrk is bench.sh beside this file; it runs this program's `--mode` steps.
if (args is ["--startup-child", var childDir, var childUrl]) return await Startup.ChildAsync(childDir, childUrl);
if (args is ["--mode", var mode, ..]) return await ConsentHub.Benchmarks.Run.Cli.RunAsync(mode, args);
var writers = Arg("--writers", 64);
var appends = Arg("--appends", 4000);
var recipients = Arg("--recipients", 2000);
var only = Array.IndexOf(args, "--only") is var o and >= 0 && o + 1 < args.Length ? args[o + 1] : null;

if (only is null or "long-streams") await LongStreams.MeasureAsync(Arg("--long", 10_000), Arg("--writes", 200));
if (only is "reads") await Reads.MeasureAsync(Arg("--people", 20_000), Arg("--seconds", 4));
if (only is "startup") await Startup.MeasureAsync(Arg("--small", 100_000), Arg("--large", 1_000_000), Arg("--people", 10_000));
if (only is not null) return 0;
Console.WriteLine();

Console.WriteLine($"Group commit: {appends} appends to distinct streams from {writers} concurrent writers, real SQLite file (WAL, synchronous=FULL).");
var baseline = await MeasureAsync(groupCommit: false);
var grouped = await MeasureAsync(groupCommit: true);
Console.WriteLine($"  one transaction per append (baseline): {baseline.PerSecond,10:F0} appends/s, {baseline.Commits} commits");
Console.WriteLine($"  group commit:                          {grouped.PerSecond,10:F0} appends/s, {grouped.Commits} commits");
Console.WriteLine($"  ratio: {grouped.PerSecond / baseline.PerSecond:F1}x the baseline's throughput, {(double)baseline.Commits / grouped.Commits:F1}x fewer fsyncs");

Console.WriteLine();
Console.WriteLine($"Permission checks: {recipients} known recipients (a quarter with a direct-marketing prohibition), real Kestrel on 127.0.0.1.");
var (single, batched) = await MeasureChecksAsync();
Console.WriteLine($"  one recipient per request, 8 clients (baseline): {single,10:F0} recipients/s");
Console.WriteLine($"  all recipients in one request:                   {batched,10:F0} recipients/s");
Console.WriteLine($"  ratio: {batched / single:F1}x the baseline's throughput");
return 0;

async Task<(double Single, double Batched)> MeasureChecksAsync()
{
    var dir = Directory.CreateTempSubdirectory("consenthub-bench-").FullName;
    try
    {
        await using var app = HubApp.Create(["--environment", "Production"], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConsentHub:DataDir"] = dir, ["ConsentHub:AdminKey"] = "bench-operator", ["ConsentHub:Secrets:AllowDataDir"] = "true", ["ConsentHub:PublicBaseUrl"] = "http://127.0.0.1" });
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench-operator");
        var created = await (await http.PostAsJsonAsync("/api/v1/admin/tenants", new
        {
            id = "bench", name = "Bench Oy", purposes = new[] { new { id = "direct-marketing", legalBasis = "legitimate-interest", channels = new[] { "email" } } },
        })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("apiKey").GetString());
        var emails = Enumerable.Range(0, recipients).Select(i => $"person{i}@example.fi").ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, recipients), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            (await http.PutAsJsonAsync($"/api/v1/bench/subjects/s{i}/contact-points", new { emails = new[] { emails[i] } }, ct)).EnsureSuccessStatusCode();
            if (i % 4 == 0) (await http.PostAsJsonAsync($"/api/v1/bench/subjects/s{i}/objections", new { scope = "direct-marketing" }, ct)).EnsureSuccessStatusCode();
        });
        async Task CheckAsync(string[] batch) =>
            (await http.PostAsJsonAsync("/api/v1/bench/permissions/check", new { purpose = "direct-marketing", channel = "email", recipients = batch })).EnsureSuccessStatusCode();
        await CheckAsync(emails[..10]);   // warm-up
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(emails, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (email, _) => await CheckAsync([email]));
        var single = recipients / clock.Elapsed.TotalSeconds;
        clock.Restart();
        for (var round = 0; round < 5; round++) await CheckAsync(emails);
        return (single, 5 * recipients / clock.Elapsed.TotalSeconds);
    }
    finally
    {
        Directory.Delete(dir, recursive: true);
    }
}

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
