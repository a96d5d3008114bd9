namespace ConsentHub.Domain.Storage;

/// A stream of one tenant: `subject-{id}`, `contact-{hash}`, `visitor-{id}`, `request-{id}` or `tenant`.
public readonly record struct StreamId(string Tenant, string Name)
{
    public static StreamId Subject(string tenant, string subjectId) => new(tenant, "subject-" + subjectId);
    public static StreamId Contact(string tenant, string contactHash) => new(tenant, "contact-" + contactHash);
    public static StreamId TenantOf(string tenant) => new(tenant, "tenant");
    public static StreamId Visitor(string tenant, string visitorId) => new(tenant, "visitor-" + visitorId);

    public bool IsSubject => Name.StartsWith("subject-", StringComparison.Ordinal);
    public bool IsContact => Name.StartsWith("contact-", StringComparison.Ordinal);
    public bool IsVisitor => Name.StartsWith("visitor-", StringComparison.Ordinal);
    public bool IsRequest => Name.StartsWith("request-", StringComparison.Ordinal);
    public string Key => Name[(Name.IndexOf('-') + 1)..];

    public override string ToString() => $"{Tenant}/{Name}";
}

public sealed record EventData(string EventId, string Type, string Data, DateTimeOffset RecordedAt);

/// An event as committed: its stream version and its global position (commit order across all streams; 0 in a
/// store that has no global order, such as Cosmos DB).
public sealed record StoredEvent(long Position, StreamId Stream, long Version, string EventId, string Type, string Data, DateTimeOffset RecordedAt);

public sealed record StreamSlice(long Version, IReadOnlyList<StoredEvent> Events);

public abstract record AppendResult
{
    private AppendResult() { }
    /// `LastPosition`: the global position of the last event, or 0 where the store has no global order (IEventFeed).
    public sealed record Ok(long NewVersion, long LastPosition) : AppendResult;
    /// The stream moved on (or the same event ids were already written): re-read and decide again.
    public sealed record Conflict(long ActualVersion) : AppendResult;
}

/// The store port: streams with expected-version appends. Appends are durable when the task completes.
public interface IEventStore
{
    string Kind { get; }
    Task<StreamSlice> ReadStreamAsync(StreamId stream, CancellationToken ct);

    /// The events after `afterVersion`, the end of a commit the caller has folded (from a snapshot or an earlier read);
    /// the slice's version is the stream's head.
    Task<StreamSlice> ReadStreamAsync(StreamId stream, long afterVersion, CancellationToken ct);

    /// The stream's latest snapshot, if any; it may lag the stream's head.
    Task<Snapshot?> ReadSnapshotAsync(StreamId stream, CancellationToken ct);

    Task<AppendResult> AppendAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken ct);

    /// Appends and keeps `snapshot` (the state at the new version) with the stream: in the same transaction where the
    /// store has one, otherwise written after the commit and allowed to lag or be lost.
    Task<AppendResult> AppendAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, Snapshot? snapshot, CancellationToken ct);
}
