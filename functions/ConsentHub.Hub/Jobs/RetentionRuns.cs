using System.Globalization;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Jobs;

/// The retention runs as events of their own stream, `job-retention` of the reserved tenant `admin` (no tenant can be
/// called that): no projection, feed or propagation reads it, so it never becomes a CloudEvent. The schedule reads
/// the last run from it, so a restart neither skips nor repeats a day's run.
public sealed class RetentionRuns(IEventStore store)
{
    public static readonly StreamId Stream = new("admin", "job-retention");

    public async Task<JobEvent.RetentionRan> RecordAsync(string trigger, DateTimeOffset at, IReadOnlyList<RetentionStepCount> counts, CancellationToken ct)
    {
        var requestId = $"retention:{at.ToString("O", CultureInfo.InvariantCulture)}:{trigger}";
        var run = new JobEvent.RetentionRan(trigger, new(counts), new EventMeta(requestId, requestId, at, trigger));
        var (type, data) = EventCodec.Encode(run);
        while (true)
        {
            var version = (await store.ReadStreamAsync(Stream, long.MaxValue, ct)).Version;
            var append = await store.AppendAsync(Stream, version, [new EventData(EventIds.For(Stream, requestId, 0), type, data, at)], ct);
            if (append is AppendResult.Ok) return run;
            // A conflict with the same event id is this run already recorded (a retried append); otherwise another run came first.
            if ((await ReadAsync(ct)).Any(r => r.Meta.RequestId == requestId)) return run;
        }
    }

    /// The runs, oldest first.
    public async Task<List<JobEvent.RetentionRan>> ReadAsync(CancellationToken ct) =>
        [.. (await store.ReadStreamAsync(Stream, ct)).Events.Select(e => EventCodec.Decode<JobEvent>(e.Type, e.Data)).OfType<JobEvent.RetentionRan>()];

    public async Task<DateTimeOffset?> LastAsync(CancellationToken ct) => (await ReadAsync(ct)).LastOrDefault()?.Meta.At;
}
