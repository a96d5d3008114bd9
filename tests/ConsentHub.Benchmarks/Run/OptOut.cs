using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ConsentHub.Benchmarks.Run;

/// Opt-out latency: an e-mail direct-marketing objection for one imported subject at a time (one whose import did not
/// already forbid e-mail), timed from just before its POST to the SendGrid suppression the hub wrote for that address
/// (the outbox's `sendgrid.jsonl` line, stamped by the hub as it writes it: the tenant has marketing groups and no
/// api key). bench.sh runs this while 64 clients write. Prints `p50=… p99=… max=… samples=… timeouts=…` in ms.
public static class OptOut
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string url, string tenant, string key, string outbox, int subjects, int samples)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var tail = new Tail(outbox);
        var candidates = Enumerable.Range(0, subjects).Where(i => !ImportData.ObjectsByEmail(i)).ToArray();
        var latencies = new List<double>();
        var timeouts = 0;
        for (var n = 0; n < samples && n < candidates.Length; n++)
        {
            var i = candidates[(int)((long)n * candidates.Length / samples)];
            var email = ImportData.Email(i);
            var sent = DateTimeOffset.UtcNow;
            using (var response = await http.PostAsJsonAsync($"/api/v1/{tenant}/subjects/{ImportData.SubjectId(i)}/objections",
                       new { scope = "direct-marketing", channel = "email", source = "bench", evidence = new { recordedBy = "bench" } }))
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"objection {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var clock = Stopwatch.StartNew();
            DateTimeOffset? at;
            while ((at = tail.Suppressed(email)) is null && clock.Elapsed < Limit) await Task.Delay(5);
            if (at is { } written) latencies.Add(Math.Max(0, (written - sent).TotalMilliseconds));
            else timeouts++;
            if ((n + 1) % 10 == 0) Console.Error.WriteLine($"  {n + 1} of {samples} opt-outs timed");
            await Task.Delay(100);
        }
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p50={P(0.5):F0} p99={P(0.99):F0} max={P(1):F0} samples={latencies.Count} timeouts={timeouts}"));
        return 0;
    }

    /// The outbox file read as it grows: the first suppression written for each address, by the hub's timestamp.
    private sealed class Tail(string path)
    {
        private readonly Dictionary<string, DateTimeOffset> _first = new(StringComparer.Ordinal);
        private long _offset;
        private string _partial = "";

        public DateTimeOffset? Suppressed(string email)
        {
            Read();
            return _first.TryGetValue(email, out var at) ? at : null;
        }

        private void Read()
        {
            if (!File.Exists(path)) return;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length <= _offset) return;
            file.Seek(_offset, SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            var text = _partial + reader.ReadToEnd();
            _offset = file.Position;
            var lines = text.Split('\n');
            _partial = lines[^1];
            foreach (var line in lines[..^1])
            {
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.GetProperty("action").GetString() != "group-add") continue;
                var at = root.GetProperty("at").GetDateTimeOffset();
                foreach (var e in root.GetProperty("emails").EnumerateArray()) _first.TryAdd(e.GetString()!, at);
            }
        }
    }
}
