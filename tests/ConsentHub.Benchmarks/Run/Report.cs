using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ConsentHub.Benchmarks.Run;

/// The table of issue 12's figures from the raw figures bench.sh gathered (`key=value` lines): each hub figure with the
/// baseline measured in the same run, their ratio, the target and whether it is met. Printed, and written as
/// results.json and results.md in the run's folder.
public static class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record Row(string Figure, string Hub, string Baseline, string Ratio, string Target, string Result, string Note);

    public static int Write(string figuresPath, string outDir)
    {
        var f = File.ReadLines(figuresPath).Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        double? D(string key) => f.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d) ? d : null;
        string Why(string key) => f.TryGetValue(key + "_why", out var why) ? why : "not measured";
        var subjects = D("subjects") ?? 0;
        var rows = new List<Row>();

        void Ratio(string figure, string key, string unit, string baseKey, string baseUnit, Func<double, double, double> ratio, double target, bool atLeast, string note = "")
        {
            var (hub, bas) = (D(key), D(baseKey));
            if (hub is null || bas is null) { rows.Add(new(figure, hub is null ? Why(key) : Num(hub.Value, unit), bas is null ? Why(baseKey) : Num(bas.Value, baseUnit), "—", Target(target, atLeast), "not measured", note)); return; }
            var r = ratio(hub.Value, bas.Value);
            rows.Add(new(figure, Num(hub.Value, unit), Num(bas.Value, baseUnit), r.ToString("F2", CultureInfo.InvariantCulture), Target(target, atLeast), (atLeast ? r >= target : r <= target) ? "pass" : "FAIL", note));
        }

        void Absolute(string figure, double? hub, string unit, string baseline, double target, string targetText, string note, string whyKey, bool atLeast = false)
        {
            if (hub is null) { rows.Add(new(figure, Why(whyKey), baseline, "—", targetText, "not measured", note)); return; }
            rows.Add(new(figure, Num(hub.Value, unit), baseline, "—", targetText, (atLeast ? hub.Value >= target : hub.Value <= target) ? "pass" : "FAIL", note));
        }

        string Cpu(string a, string b) => f.TryGetValue(a, out var x) ? $"{x}" + (f.TryGetValue(b, out var y) ? $"; baseline: {y}" : "") : "";
        Ratio("permissions/check, 1 recipient (requests/s)", "check1_rps", "/s", "health_rps", "/s (GET /health)", (h, b) => h / b, 0.6, true, Cpu("check1_cpu", "health_cpu"));
        Ratio("permissions/check, 1,000 recipients (recipients/s)", "check1000_recipients_ps", "/s", "check1_rps", "/s (1 recipient a request)", (h, b) => h / b, 25, true, Cpu("check1000_cpu", "check1_cpu"));
        Ratio("durable writes over HTTP, 64 clients, a new subject each (writes/s)", "writes_ps", "/s", "sqlite_rows_ps", "/s (SQLite, 1 tx per 400-byte row)", (h, b) => h / b, 5, true,
            f.TryGetValue("writes_note", out var wn) ? wn : "");
        Ratio("start-up to the first answered check (ms)", "startup_ms", " ms", "scan_ms", " ms (raw scan of every row)", (h, b) => h / b, 3, false,
            f.TryGetValue("scan_rows", out var sr) ? $"{sr} rows scanned in the baseline; its whole process, runtime start included: {f.GetValueOrDefault("scan_process_ms", "?")} ms" : "");
        var rssEmpty = D("rss_empty_bytes");
        var rssAfter = D("rss_after_bytes");
        double? rssPer = rssEmpty is { } re && rssAfter is { } ra && subjects > 0 ? (ra - re) / subjects : null;
        Absolute("resident memory per subject after a restart (bytes)", rssPer, " B", rssEmpty is { } e ? $"{e / 1048576:F0} MiB RSS with no subjects" : "—", 500, "≤ 500 B",
            rssAfter is { } a && subjects > 0 ? $"RSS {a / 1048576:F0} MiB in all, {a / subjects:F0} B per subject gross" : "", "rss_after_bytes");
        var heapEmpty = D("heap_empty_bytes");
        var heapAfter = D("heap_after_bytes");
        double? heapPer = heapEmpty is { } he && heapAfter is { } ha && subjects > 0 ? (ha - he) / subjects : null;
        Absolute("managed heap per subject after a restart (bytes)", heapPer, " B", heapEmpty is { } h0 ? $"{h0 / 1048576:F1} MiB heap with no subjects" : "—", 200, "≤ 200 B",
            heapAfter is { } h1 && subjects > 0 ? $"heap {h1 / 1048576:F1} MiB in all (after a full GC, dotnet-gcdump + dotnet-counters), {h1 / subjects:F0} B per subject gross" : "", "heap_after_bytes");
        Ratio("banner/config revalidated (304), p99 (ms)", "banner_p99_ms", " ms", "health_p99_ms", " ms (GET /health p99)", (h, b) => h / b, 1.5, false,
            (f.TryGetValue("banner_p99_rounds", out var br) ? $"median of three alternating rounds: banner/config {br} ms, /health {f.GetValueOrDefault("health_p99_rounds", "?")} ms; " : "")
            + Cpu("banner_cpu", "health_cpu"));
        Absolute("opt-out to the provider call while 64 clients write, p99 (ms)", D("optout_p99_ms"), " ms", "—", 1000, "p99 ≤ 1 s",
            D("optout_p50_ms") is { } p50 ? string.Create(CultureInfo.InvariantCulture, $"p50 {p50:F0} ms, max {D("optout_max_ms"):F0} ms, {f.GetValueOrDefault("optout_samples", "?")} samples, {f.GetValueOrDefault("optout_timeouts", "0")} over 60 s") : "", "optout_p99_ms");
        Absolute("bulk import, NDJSON through POST …/imports (lines/s)", D("import_lines_ps"), "/s", "—", 20_000, "≥ 20,000/s",
            f.GetValueOrDefault("import_note", ""), "import_lines_ps", atLeast: true);

        var meta = f.Where(p => p.Key.StartsWith("meta_", StringComparison.Ordinal)).ToDictionary(p => p.Key[5..], p => p.Value);
        var md = new StringBuilder();
        md.AppendLine("# ConsentHub benchmark");
        md.AppendLine();
        foreach (var (k, v) in meta) md.AppendLine($"- {k}: {v}");
        md.AppendLine();
        md.AppendLine("| figure | hub | baseline (same run) | ratio | target | result | note |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows) md.AppendLine($"| {r.Figure} | {r.Hub} | {r.Baseline} | {r.Ratio} | {r.Target} | {r.Result} | {r.Note} |");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "results.md"), md.ToString());
        File.WriteAllText(Path.Combine(outDir, "results.json"), JsonSerializer.Serialize(new { meta, raw = f.Where(p => !p.Key.StartsWith("meta_", StringComparison.Ordinal)).ToDictionary(), rows },
            JsonOptions) + "\n");

        var widths = new[] { 66, 16, 42, 6, 10, 12 };
        string Line(params string[] cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i])));
        Console.WriteLine();
        foreach (var (k, v) in meta) Console.WriteLine($"{k}: {v}");
        Console.WriteLine(Line("figure", "hub", "baseline (same run)", "ratio", "target", "result"));
        foreach (var r in rows)
        {
            Console.WriteLine(Line(r.Figure, r.Hub, r.Baseline, r.Ratio, r.Target, r.Result));
            if (r.Note.Length > 0) Console.WriteLine($"    {r.Note}");
        }
        return 0;
    }

    private static string Target(double target, bool atLeast) => (atLeast ? "≥ " : "≤ ") + target.ToString(CultureInfo.InvariantCulture) + (atLeast ? "" : "×");

    private static string Num(double value, string unit) =>
        (value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("F2", CultureInfo.InvariantCulture)) + unit;
}
