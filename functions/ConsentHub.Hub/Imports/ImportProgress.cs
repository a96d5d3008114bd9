using ConsentHub.Contracts.Api;

namespace ConsentHub.Hub.Imports;

public static class ImportStatuses
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// A running import's counters, moved by its reader and workers at once, and shown by GET while it runs.
public sealed class ImportProgress(string tenant, string id, DateTimeOffset startedAt, long savedVersion, int keptRejected)
{
    private readonly List<ImportRejectedLine> _rejected = [];
    private long _linesRead, _written, _replayed, _rejectedCount, _version = savedVersion;

    public string Tenant { get; } = tenant;
    public string Id { get; } = id;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public string Status { get; private set; } = ImportStatuses.Running;
    public DateTimeOffset? FinishedAt { get; private set; }
    public string? Error { get; private set; }
    public string? FirstLineSha256 { get; set; }

    public void LineRead() => Interlocked.Increment(ref _linesRead);

    public void Written(bool replayed)
    {
        Interlocked.Increment(ref _written);
        if (replayed) Interlocked.Increment(ref _replayed);
    }

    public void Reject(long line, IReadOnlyDictionary<string, string[]> errors)
    {
        Interlocked.Increment(ref _rejectedCount);
        lock (_rejected)
            if (_rejected.Count < keptRejected) _rejected.Add(new ImportRejectedLine(line, errors));
    }

    public void Finish(string status, string? error, DateTimeOffset at)
    {
        Error = error;
        FinishedAt = at;
        Status = status;
    }

    /// The progress as stored, under a version newer than every earlier save of this import.
    public (ImportRecord Record, long Version) Snapshot(string owner, DateTimeOffset now)
    {
        List<ImportRejectedLine> rejected;
        lock (_rejected) rejected = [.. _rejected.OrderBy(r => r.Line)];
        var record = new ImportRecord(Id, Status, Interlocked.Read(ref _linesRead), Interlocked.Read(ref _written), Interlocked.Read(ref _replayed),
            Interlocked.Read(ref _rejectedCount), rejected, StartedAt, FinishedAt, Error, FirstLineSha256, owner, now);
        return (record, Interlocked.Increment(ref _version));
    }
}

/// An import's progress as stored in the view store (kind `import`, one per tenant and id). Holds counts and the
/// problems of rejected lines, never a line's content, so nothing of a person outlives their erasure here.
public sealed record ImportRecord(string Id, string Status, long LinesRead, long Written, long Replayed, long RejectedCount,
    IReadOnlyList<ImportRejectedLine> Rejected, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error,
    string? FirstLineSha256, string Owner, DateTimeOffset SavedAt)
{
    public const string Interrupted = "interrupted: the import stopped before its body ended (a restart, or the connection closed); post the same body with the same Idempotency-Key to resume";

    /// `interrupted`: stored as running, but nothing runs it any more.
    public ImportStatusResponse Answer(DateTimeOffset now, bool interrupted)
    {
        var status = interrupted ? ImportStatuses.Failed : Status;
        var end = FinishedAt ?? (interrupted ? SavedAt : now);
        var seconds = Math.Max((end - StartedAt).TotalSeconds, 0.001);
        return new ImportStatusResponse(Id, status, LinesRead, Written, Rejected, Math.Round((Written + RejectedCount) / seconds, 1),
            RejectedCount, Replayed, StartedAt, interrupted ? SavedAt : FinishedAt, interrupted ? Interrupted : Error);
    }
}
