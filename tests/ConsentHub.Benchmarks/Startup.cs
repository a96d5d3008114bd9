using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsentHub.Benchmarks;

/// Start-up of the hub to its first answered `permissions/check`, on a data folder of a small history against one ten
/// times longer (the baseline is the small one). The people are the same in both (the views the hub loads are alike);
/// only their history grows, so a start-up that replays history shows as a ratio near 10, one that loads views near 1.
/// Each start is a process of its own (the harness run again with `--startup-child`: the server's host builder, real
/// Kestrel), timed from its launch to the first 200 of a check, so each pays the runtime's and the JIT's start alike.
/// The folders are written once through the hub's HTTP routes and kept under results/data, keyed by size.
public static class Startup
{
    private const string AdminKey = "bench-operator";
    private const string Tenant = "bench";
    private const int Starts = 5;

    public static async Task MeasureAsync(int small, int large, int people)
    {
        Console.WriteLine($"Start-up to the first answered check: {people} people with a history of about {large} events against one of about {small} (baseline), SQLite, median of {Starts} starts, each a new process.");
        var smallSet = await PreparedAsync(small, people);
        var largeSet = await PreparedAsync(large, people);
        foreach (var set in new[] { smallSet, largeSet }) await StartOnceAsync(set);   // the OS cache holds both files alike
        var runs = new List<(Run Small, Run Large)>();
        for (var i = 0; i < Starts; i++) runs.Add((await StartOnceAsync(smallSet), await StartOnceAsync(largeSet)));
        var smallRun = Median(runs.Select(r => r.Small));
        var largeRun = Median(runs.Select(r => r.Large));
        Console.WriteLine($"  {smallSet.Events,9} events ({smallSet.MiB(),5:F0} MiB) (baseline): {smallRun.Ms,7:F0} ms to the first check, {smallRun.Read}");
        Console.WriteLine($"  {largeSet.Events,9} events ({largeSet.MiB(),5:F0} MiB):            {largeRun.Ms,7:F0} ms to the first check, {largeRun.Read}");
        Console.WriteLine($"  ratio: {largeRun.Ms / smallRun.Ms:F2}x the baseline (target <= 1.5)");
    }

    internal sealed record DataSet(string Dir, string ApiKey, string Recipient, long Events)
    {
        public double MiB() => new DirectoryInfo(Dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576.0;
    }

    private sealed record Run(double Ms, string Read);

    private static Run Median(IEnumerable<Run> runs) => runs.OrderBy(r => r.Ms).ElementAt(Starts / 2);

    private static string DataRoot([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "results", "data");

    /// A folder written before is used as it is; one being written when a run stopped is started again.
    internal static async Task<DataSet> PreparedAsync(int events, int people)
    {
        var dir = Path.Combine(DataRoot(), $"startup-{events}-{people}");
        var manifest = Path.Combine(dir, "bench.json");
        if (!File.Exists(manifest))
        {
            var partial = dir + ".partial";
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            Directory.CreateDirectory(partial);
            var clock = Stopwatch.StartNew();
            var written = await WriteHistoryAsync(partial, events, people);
            await File.WriteAllTextAsync(Path.Combine(partial, "bench.json"), JsonSerializer.Serialize(written with { Dir = "" }));
            Directory.Move(partial, dir);
            Console.WriteLine($"  prepared {dir} in {clock.Elapsed.TotalSeconds:F0} s ({written.Events} events)");
        }
        return JsonSerializer.Deserialize<DataSet>(await File.ReadAllTextAsync(manifest))! with { Dir = dir };
    }

    /// The people come through the routes a CRM calls: contact points, and an objection for a quarter of them (so the
    /// checks meet both answers, and the propagations they start are the same in both folders). Their history then
    /// grows by consents given and withdrawn, decided by the ledger's decider on each stream's state and written by the
    /// hub's runner with the party views after each append, as the ledger service does, but fifty decisions to an
    /// append: a million requests over HTTP would take the machine for an hour.
    private static async Task<DataSet> WriteHistoryAsync(string dir, int events, int people)
    {
        await using var app = HubApp.Create(["--environment", "Production"], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(Settings(dir));
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var created = await (await http.PostAsJsonAsync("/api/v1/admin/tenants", new
        {
            id = Tenant, name = "Bench Oy",
            purposes = new object[]
            {
                new { id = "direct-marketing", legalBasis = "legitimate-interest", channels = new[] { "email", "sms" } },
                new { id = "market-research", legalBasis = "consent", channels = new[] { "email", "phone" }, marketing = true },
            },
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var apiKey = created.GetProperty("apiKey").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4 };
        await Parallel.ForEachAsync(Enumerable.Range(0, people), parallel, async (i, ct) =>
        {
            (await http.PutAsJsonAsync($"/api/v1/{Tenant}/subjects/s{i}/contact-points", new { emails = new[] { Email(i) } }, ct)).EnsureSuccessStatusCode();
            if (i % 4 == 0)
                (await http.PostAsJsonAsync($"/api/v1/{Tenant}/subjects/s{i}/objections", new { scope = "direct-marketing", channel = "email", source = "bench" }, ct)).EnsureSuccessStatusCode();
        });
        var store = app.Services.GetRequiredService<SqliteEventStore>();
        await QuietAsync(app, store);
        Console.WriteLine($"  {people} people and their propagations written ({await HeadAsync(store)} events)");

        var head = await HeadAsync(store);
        var runner = new DeciderRunner<LedgerEvent, PartyState>(store, PartyState.Initial, LedgerDecider.Evolve, PartyStateCodec.Instance);
        var parties = app.Services.GetRequiredService<PartyViews>();
        await Parallel.ForEachAsync(Enumerable.Range(0, people), parallel, async (i, ct) =>
        {
            var stream = StreamId.Subject(Tenant, $"s{i}");
            var count = (int)((events - head) / people + (i < (events - head) % people ? 1 : 0));
            for (var from = 0; from < count; from += 50)
            {
                var batch = Math.Min(50, count - from);
                var written = await runner.TransactAsync(stream, state => Consents(state, $"s{i}-{from}", batch), e => e.Meta, ct);
                await parties.WriteAsync(stream, written.State, ct);
            }
        });
        // No wait for the propagation starter here: it reads the feed 200 events to a page, far behind a history written
        // in minutes (about half an hour for a million on 2 busy cores), and a measured start runs without it.
        var last = await HeadAsync(store);
        await app.StopAsync();   // a graceful stop brings the views' checkpoint to the end
        return new DataSet(dir, apiKey, Email(people / 2 + 1), last);
    }

    /// `count` consents to market research, given and withdrawn in turn, each decided on the state the one before left.
    private static (LedgerOutcome, LedgerEvent[]) Consents(PartyState state, string request, int count)
    {
        var events = new List<LedgerEvent>();
        LedgerOutcome outcome = null!;
        for (var n = 0; n < count; n++)
        {
            var meta = new EventMeta($"{request}-{n}", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", DateTimeOffset.UtcNow);
            (outcome, var decided) = LedgerDecider.Decide(new LedgerCommand.RecordConsent("market-research", "email", n % 2 == 0, "v1", Evidence.None, meta), state);
            state = decided.Aggregate(state, LedgerDecider.Evolve);
            events.AddRange(decided);
        }
        return (outcome, [.. events]);
    }

    /// Until the propagation starter has read the whole feed and the objections' propagations are done.
    private static async Task QuietAsync(WebApplication app, SqliteEventStore store)
    {
        var checkpoints = app.Services.GetRequiredService<ICheckpointStore>();
        while (await checkpoints.ReadAsync(PropagationStarter.CheckpointName, default) < await HeadAsync(store)
               || await ScalarAsync(store, "SELECT COUNT(*) FROM propagation_queue WHERE state = 'ready'") > 0)
            await Task.Delay(1000);
    }

    private static string Email(int i) => $"person{i}@example.fi";

    private static Task<long> HeadAsync(SqliteEventStore store) => ScalarAsync(store, "SELECT COALESCE(MAX(position), 0) FROM events");

    /// A count read in the store's own connection, to know when the folder is ready (never to write it).
    private static async Task<long> ScalarAsync(SqliteEventStore store, string sql) =>
        (long)await store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return (object)(long)command.ExecuteScalar()!;
        }, default);

    internal static Dictionary<string, string?> Settings(string dir) => new()
    {
        ["ConsentHub:DataDir"] = dir, ["ConsentHub:AdminKey"] = AdminKey, ["ConsentHub:Secrets:AllowDataDir"] = "true", ["ConsentHub:PublicBaseUrl"] = "http://127.0.0.1",
        ["ConsentHub:RateLimits:ApiKey:PermitLimit"] = "1000000000",   // the history is written as fast as the hub takes it
    };

    /// Launches a hub process on the folder and asks for a check until one is answered 200.
    private static async Task<Run> StartOnceAsync(DataSet set)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in new[] { "--startup-child", set.Dir, url }) start.ArgumentList.Add(a);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", set.ApiKey);
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        while (true)
        {
            try
            {
                var answer = await http.PostAsJsonAsync($"/api/v1/{Tenant}/permissions/check", new { purpose = "direct-marketing", channel = "email", recipients = new[] { set.Recipient } });
                if (answer.StatusCode == HttpStatusCode.OK) break;
                throw new InvalidOperationException($"check answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException)
            {
                if (child.HasExited) throw new InvalidOperationException($"the hub stopped with {child.ExitCode}");
                await Task.Delay(10);
            }
        }
        var ms = clock.Elapsed.TotalMilliseconds;
        await child.StandardInput.WriteLineAsync("read");
        var read = await child.StandardOutput.ReadLineAsync() ?? "";
        child.StandardInput.Close();
        await child.WaitForExitAsync();
        return new Run(ms, read);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// What the process read from files so far (Linux): a start that scanned the history would read more on a longer one.
    private static string BytesRead() =>
        File.Exists("/proc/self/io") && File.ReadLines("/proc/self/io").FirstOrDefault(l => l.StartsWith("rchar:", StringComparison.Ordinal)) is { } line
            ? $"; {long.Parse(line[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1048576.0:F1} MiB read from files" : "";

    /// The child: the server's host builder on the folder; on a line from the parent it tells what its start read, and
    /// stops gracefully when the parent closes its input.
    public static async Task<int> ChildAsync(string dir, string url)
    {
        await using var app = HubApp.Create(["--environment", "Production"], b =>
        {
            b.WebHost.UseUrls(url);
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(Settings(dir));
            // The propagation driver is background work that no answer waits for; off, so the preparation's history of
            // consents (which start no propagation) left unread by its starter does not compete with the start.
            b.Configuration.AddInMemoryCollection([new("ConsentHub:Propagation:Enabled", "false")]);
        });
        await app.StartAsync();
        var views = app.Services.GetRequiredService<SqliteViewFeed>();
        var store = app.Services.GetRequiredService<SqliteEventStore>();
        // Read the counters when asked: by then the first check was answered, and the feed's first catch-up is done.
        while (await Console.In.ReadLineAsync() is { } asked)
            if (asked == "memory") Console.WriteLine(Reads.Memory());
            else Console.WriteLine($"events read at start-up: {views.EventsRead} by the view feed, {store.FeedEventsRead} from the feed in all, {store.EventsRead} from streams{BytesRead()}");
        await app.StopAsync();
        return 0;
    }
}
