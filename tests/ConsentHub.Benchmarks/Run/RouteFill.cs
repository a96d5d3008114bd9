using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentHub.Benchmarks.Run;

/// Writes the import file through the subject routes, one request per line, for a hub without the bulk import
/// route (small scales only: a million subjects this way would take the machine for hours). bench.sh says so in the
/// results when it used this.
public static class RouteFill
{
    public static async Task<int> RunAsync(string url, string tenant, string key, string ndjson)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        // One subject's lines in order on one client; subjects in parallel.
        var bySubject = File.ReadLines(ndjson).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject())
            .GroupBy(o => (string)o["subjectId"]!);
        var done = 0;
        await Parallel.ForEachAsync(bySubject, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (subject, ct) =>
        {
            foreach (var line in subject)
            {
                var type = (string)line["type"]!;
                line.Remove("type");
                line.Remove("subjectId");
                var (method, path) = type switch
                {
                    "contact-points" => (HttpMethod.Put, "contact-points"),
                    "consent" => (HttpMethod.Post, "consents"),
                    "objection" => (HttpMethod.Post, "objections"),
                    "newsletter" => (HttpMethod.Post, "newsletter"),
                    _ => throw new InvalidOperationException(type),
                };
                if (type == "newsletter") continue;   // newsletter states have no subject route: the import alone writes them
                using var request = new HttpRequestMessage(method, $"/api/v1/{tenant}/subjects/{subject.Key}/{path}")
                {
                    Content = new StringContent(line.ToJsonString(), Encoding.UTF8, "application/json"),
                };
                using var response = await http.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
            if (Interlocked.Increment(ref done) % 1000 == 0) Console.WriteLine($"  {done} subjects written through the routes");
        });
        Console.WriteLine($"  {done} subjects written through the routes");
        return 0;
    }
}
