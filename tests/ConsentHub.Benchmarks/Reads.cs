using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Runtime;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Benchmarks;

/// The read side over loopback HTTP against a hub process of its own on a data folder of `people` subjects with one
/// e-mail each (a quarter with a direct-marketing prohibition), written once through the hub's routes (Startup):
/// start-up to the first answered check against a raw scan of every row of the same files, managed heap and resident
/// memory per subject after a restart (against a start on a folder with the tenant alone), then check-1 against
/// `/health` (requests/s), check-1000 against check-1 (recipients/s) and banner config revalidated with its ETag
/// against `/health` (p99). A quick figure for development on a shared machine, not the benchmark command.
public static class Reads
{
    private const int Starts = 3;

    public static async Task MeasureAsync(int people, int seconds)
    {
        var empty = await Startup.PreparedAsync(0, 0);
        var full = await Startup.PreparedAsync(0, people);
        var scan = Enumerable.Range(0, 3).Select(_ => RawScan(full.Dir)).Order().ToList()[1];
        var starts = new List<(double Ms, long Heap, long Rss)>();
        var bare = new List<(double Ms, long Heap, long Rss)>();
        for (var i = 0; i < Starts; i++)
        {
            await using (var child = await Child.StartAsync(empty)) { var (h, r) = await child.MemoryAsync(); bare.Add((child.StartMs, h, r)); }
            await using (var child = await Child.StartAsync(full)) { var (h, r) = await child.MemoryAsync(); starts.Add((child.StartMs, h, r)); }
        }
        var (ms, heap, rss) = (Median(starts.Select(s => s.Ms)), Median(starts.Select(s => (double)s.Heap)), Median(starts.Select(s => (double)s.Rss)));
        var (bareHeap, bareRss) = (Median(bare.Select(s => (double)s.Heap)), Median(bare.Select(s => (double)s.Rss)));
        Console.WriteLine($"Reads: {people} subjects with one e-mail each, SQLite, a hub process of its own (median of {Starts} starts).");
        Console.WriteLine($"  start-up to the first check: {ms,8:F0} ms; raw scan of every row: {scan,6:F0} ms; ratio {ms / scan:F1}x (target <= 3); {Median(bare.Select(s => s.Ms)):F0} ms on the tenant alone");
        Console.WriteLine($"  managed heap per subject:    {(heap - bareHeap) / people,8:F0} B (target <= 200); resident: {(rss - bareRss) / people,6:F0} B (target <= 500)");

        // Throughput on a copy, which gets a second tenant with a site key and an origin for the banner.
        var copy = Directory.CreateTempSubdirectory("consenthub-reads-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(full.Dir, "*", SearchOption.AllDirectories))
            {
                var to = Path.Combine(copy, Path.GetRelativePath(full.Dir, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
            await using var child = await Child.StartAsync(full with { Dir = copy });
            var admin = child.Client("bench-operator");
            var site = await (await admin.PostAsJsonAsync("/api/v1/admin/tenants", new
            {
                id = "site", name = "Site Oy", allowedOrigins = new[] { "https://site.example" },
                purposes = new[] { new { id = "direct-marketing", legalBasis = "legitimate-interest", channels = new[] { "email" } } },
            })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            var siteKey = site.GetProperty("siteKey").GetString();
            var api = child.Client(full.ApiKey);
            var emails = Enumerable.Range(0, people).Select(i => $"person{i}@example.fi").ToArray();
            byte[] Body(IEnumerable<string> recipients) => JsonSerializer.SerializeToUtf8Bytes(new { purpose = "direct-marketing", channel = "email", recipients });
            var singles = emails.Select(e => Body([e])).ToArray();
            var thousands = Enumerable.Range(0, 16).Select(i => Body(emails.Skip(i * 1000 % Math.Max(1, people - 1000)).Take(1000))).ToArray();
            var config = $"/api/v1/site/banner/config?lang=fi&k={siteKey}";
            var first = new HttpRequestMessage(HttpMethod.Get, config);
            first.Headers.Add("Origin", "https://site.example");
            var etag = (await api.SendAsync(first)).EnsureSuccessStatusCode().Headers.ETag!.Tag;

            HttpRequestMessage Health(int _) => new(HttpMethod.Get, "/health");
            HttpRequestMessage Check(byte[][] bodies, int i) => new(HttpMethod.Post, "/api/v1/bench/permissions/check")
            { Content = new ByteArrayContent(bodies[i % bodies.Length]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } } };
            HttpRequestMessage Banner(int _)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, config);
                request.Headers.Add("Origin", "https://site.example");
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                return request;
            }
            await LoadAsync(api, Health, 1, HttpStatusCode.OK);   // warm-up
            await LoadAsync(api, i => Check(singles, i), 1, HttpStatusCode.OK);
            await LoadAsync(api, i => Check(thousands, i), 1, HttpStatusCode.OK);
            await LoadAsync(api, Banner, 1, HttpStatusCode.NotModified);
            var health = await LoadAsync(api, Health, seconds, HttpStatusCode.OK);
            var check1 = await LoadAsync(api, i => Check(singles, i), seconds, HttpStatusCode.OK);
            var check1000 = await LoadAsync(api, i => Check(thousands, i), seconds, HttpStatusCode.OK, clients: 4);
            var banner = await LoadAsync(api, Banner, seconds, HttpStatusCode.NotModified);
            Console.WriteLine($"  /health: {health.PerSecond,8:F0} requests/s, p99 {health.P99,6:F2} ms (16 clients, C# client in this process: its cost counts)");
            Console.WriteLine($"  check-1: {check1.PerSecond,8:F0} requests/s; ratio {check1.PerSecond / health.PerSecond:F2} (target >= 0.6)");
            Console.WriteLine($"  check-1000: {check1000.PerSecond * 1000,8:F0} recipients/s (4 clients); ratio {check1000.PerSecond * 1000 / check1.PerSecond:F1} (target >= 25)");
            Console.WriteLine($"  banner config 304: p99 {banner.P99,6:F2} ms, {banner.PerSecond:F0} requests/s; ratio {banner.P99 / health.P99:F2} (target <= 1.5)");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// What the child answers when asked: its managed heap after a full compacting collection, and its resident set.
    public static string Memory()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return $"{GC.GetTotalMemory(false)} {self.WorkingSet64}";
    }

    private static double Median(IEnumerable<double> values) => values.Order().ElementAt(Starts / 2);

    /// Every column of every row of every SQLite file of the folder, read once: what any start must at least do.
    private static double RawScan(string dir)
    {
        var clock = Stopwatch.StartNew();
        long touched = 0;
        foreach (var file in Directory.EnumerateFiles(dir, "*.db", SearchOption.AllDirectories))
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            connection.Open();
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
                using var names = list.ExecuteReader();
                while (names.Read()) tables.Add(names.GetString(0));
            }
            foreach (var table in tables)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                using var rows = command.ExecuteReader();
                while (rows.Read())
                    for (var c = 0; c < rows.FieldCount; c++)
                        touched += rows.IsDBNull(c) ? 0 : rows.GetFieldType(c) == typeof(byte[]) ? ((byte[])rows.GetValue(c)).Length : rows.GetValue(c) is string s ? s.Length : 8;
            }
        }
        GC.KeepAlive(touched);
        return clock.Elapsed.TotalMilliseconds;
    }

    private sealed record Load(double PerSecond, double P99);

    private static async Task<Load> LoadAsync(HttpClient http, Func<int, HttpRequestMessage> request, int seconds, HttpStatusCode expected, int clients = 16)
    {
        var until = Stopwatch.StartNew();
        var latencies = new List<double>[clients];
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            while (until.Elapsed.TotalSeconds < seconds)
            {
                var started = Stopwatch.GetTimestamp();
                using var answer = await http.SendAsync(request(Interlocked.Increment(ref next)));
                await answer.Content.LoadIntoBufferAsync();
                if (answer.StatusCode != expected) throw new InvalidOperationException($"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Load(all.Count / until.Elapsed.TotalSeconds, all[(int)(all.Count * 0.99)]);
    }

    private sealed class Child : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _url;
        public double StartMs { get; private init; }

        private Child(Process process, string url) => (_process, _url) = (process, url);

        public HttpClient Client(string key)
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(_url) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return http;
        }

        public static async Task<Child> StartAsync(Startup.DataSet set)
        {
            var url = $"http://127.0.0.1:{Startup.FreePort()}";
            var self = Environment.ProcessPath!;
            var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
            foreach (var a in new[] { "--startup-child", set.Dir, url }) start.ArgumentList.Add(a);
            var clock = Stopwatch.StartNew();
            var process = Process.Start(start)!;
            var child = new Child(process, url);
            using var http = child.Client(set.ApiKey);
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { purpose = "direct-marketing", channel = "email", recipients = new[] { set.Recipient } }));
            while (true)
            {
                try
                {
                    var answer = await http.PostAsync("/api/v1/bench/permissions/check", new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
                    if (answer.StatusCode == HttpStatusCode.OK) break;
                    throw new InvalidOperationException($"check answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                }
                catch (HttpRequestException)
                {
                    if (process.HasExited) throw new InvalidOperationException($"the hub stopped with {process.ExitCode}");
                    await Task.Delay(5);
                }
            }
            return new Child(process, url) { StartMs = clock.Elapsed.TotalMilliseconds };
        }

        public async Task<(long Heap, long Rss)> MemoryAsync()
        {
            await _process.StandardInput.WriteLineAsync("memory");
            var line = (await _process.StandardOutput.ReadLineAsync())!.Split(' ');
            return (long.Parse(line[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
