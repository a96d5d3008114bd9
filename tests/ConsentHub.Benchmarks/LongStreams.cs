using System.Diagnostics;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Benchmarks;

/// A write on a long stream against one on a short stream (the baseline), through the ledger's runner on a real
/// SQLite file: each history is one request per event, so the state remembers as many requests as the stream has events.
public static class LongStreams
{
    private const int Short = 10;

    public static async Task MeasureAsync(int longEvents, int writes)
    {
        Console.WriteLine($"Writes on long streams: {writes} sequential writes on a stream of {longEvents} events against one of {Short}, real SQLite file (WAL, synchronous=FULL).");
        var dir = Directory.CreateTempSubdirectory("consenthub-bench-").FullName;
        try
        {
            await using var store = new SqliteEventStore(new SqliteDatabase(Path.Combine(dir, "bench.db")));
            var shortStream = await HistoryAsync(store, "short", Short);
            var longStream = await HistoryAsync(store, "long", longEvents);

            await FirstWriteAsync(store, shortStream, "jit", codec: false);   // every path once, so no figure includes compiling it
            var (shortWarm, shortMax, shortRead, longWarm, longMax, longRead) = await WritesAsync(store, shortStream, longStream, writes);
            var shortCold = await MedianAsync(() => FirstWriteAsync(store, shortStream, "cold", codec: true));
            var longCold = await MedianAsync(() => FirstWriteAsync(store, longStream, "cold", codec: true));
            var shortRefold = await MedianAsync(() => FirstWriteAsync(store, shortStream, "refold", codec: false));
            var longRefold = await MedianAsync(() => FirstWriteAsync(store, longStream, "refold", codec: false));

            var folded = await Runner(store, codec: false).LoadAsync(longStream, default);
            var codecClock = Stopwatch.StartNew();
            string encoded = "";
            for (var i = 0; i < 5; i++) encoded = PartyStateCodec.Instance.Encode(folded);
            var encodeMs = codecClock.Elapsed.TotalMilliseconds / 5;
            codecClock.Restart();
            for (var i = 0; i < 5; i++) PartyStateCodec.Instance.Decode(encoded);
            Console.WriteLine($"  the {longEvents}-event stream's state in a snapshot: {encoded.Length / 1024} KiB, encoded in {encodeMs:F2} ms, decoded in {codecClock.Elapsed.TotalMilliseconds / 5:F2} ms");
            Console.WriteLine($"  write, state kept in the process, {Short}-event stream (baseline): {shortWarm,7:F2} ms mean, {shortMax,7:F2} ms max, {shortRead:F1} events read per write");
            Console.WriteLine($"  write, state kept in the process, {longEvents}-event stream:       {longWarm,7:F2} ms mean, {longMax,7:F2} ms max, {longRead:F1} events read per write");
            Console.WriteLine($"  ratio: {longWarm / shortWarm:F2}x the baseline (target <= 1.5)");
            Console.WriteLine($"  first write of a new process, from the snapshot (median of 5): {shortCold:F2} ms on {Short} events, {longCold:F2} ms on {longEvents}, ratio {longCold / shortCold:F2}x");
            Console.WriteLine($"  the same without a snapshot, refolding the whole stream (as before): {shortRefold:F2} ms on {Short} events, {longRefold:F2} ms on {longEvents}, ratio {longRefold / shortRefold:F2}x");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<StreamId> HistoryAsync(SqliteEventStore store, string name, int count)
    {
        var stream = StreamId.Subject("bench", name);
        for (var from = 0; from < count; from += 500)
        {
            var events = Enumerable.Range(from, Math.Min(500, count - from)).Select(i =>
            {
                var meta = new EventMeta($"{name}-{i}", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", DateTimeOffset.UtcNow);
                var (type, data) = EventCodec.Encode(i % 2 == 0
                    ? new LedgerEvent.ObjectionRecorded("direct-marketing", "all", Evidence.None, meta)
                    : (LedgerEvent)new LedgerEvent.ObjectionLifted("direct-marketing", "all", Evidence.None, meta));
                return new EventData(EventIds.For(stream, meta.RequestId, 0), type, data, meta.At);
            }).ToList();
            if (await store.AppendAsync(stream, from, events, default) is not AppendResult.Ok) throw new InvalidOperationException("history");
        }
        return stream;
    }

    private static DeciderRunner<LedgerEvent, PartyState> Runner(SqliteEventStore store, bool codec) =>
        new(store, PartyState.Initial, LedgerDecider.Evolve, codec ? PartyStateCodec.Instance : null);

    private static Task<Transacted<LedgerOutcome, PartyState>> WriteAsync(DeciderRunner<LedgerEvent, PartyState> runner, StreamId stream, string request) =>
        runner.TransactAsync(stream, state => LedgerDecider.Decide(new LedgerCommand.RecordConsent("newsletter", "email", true, "v1",
            Evidence.None, new EventMeta(request, "h", DateTimeOffset.UtcNow)), state), e => e.Meta, default);

    private static async Task<double> FirstWriteAsync(SqliteEventStore store, StreamId stream, string label, bool codec)
    {
        var clock = Stopwatch.StartNew();
        await WriteAsync(Runner(store, codec), stream, $"{label}-{Guid.NewGuid():N}");
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> MedianAsync(Func<Task<double>> measure)
    {
        var figures = new List<double>();
        for (var i = 0; i < 5; i++) figures.Add(await measure());
        return figures.Order().ElementAt(2);
    }

    /// Writes to the two streams in turn, so that both see the same load from the rest of the machine.
    private static async Task<(double ShortMean, double ShortMax, double ShortRead, double LongMean, double LongMax, double LongRead)> WritesAsync(
        SqliteEventStore store, StreamId shortStream, StreamId longStream, int writes)
    {
        var runner = Runner(store, codec: true);
        var figures = new[] { shortStream, longStream }.Select(s => new Figures(s)).ToArray();
        foreach (var f in figures) await WriteAsync(runner, f.Stream, $"warm-{Guid.NewGuid():N}");   // this process folds each stream once
        for (var i = 0; i < writes; i++)
        {
            foreach (var f in figures)
            {
                var read = store.EventsRead;
                var clock = Stopwatch.StartNew();
                await WriteAsync(runner, f.Stream, $"w{i}-{Guid.NewGuid():N}");
                f.Add(clock.Elapsed.TotalMilliseconds, store.EventsRead - read);
            }
        }
        return (figures[0].Total / writes, figures[0].Max, (double)figures[0].Read / writes, figures[1].Total / writes, figures[1].Max, (double)figures[1].Read / writes);
    }

    private sealed class Figures(StreamId stream)
    {
        public StreamId Stream => stream;
        public double Total { get; private set; }
        public double Max { get; private set; }
        public long Read { get; private set; }

        public void Add(double ms, long read) => (Total, Max, Read) = (Total + ms, Math.Max(Max, ms), Read + read);
    }
}
