using ConsentHub.Domain.Storage;

namespace ConsentHub.Domain.Projections;

/// When a view is written (cf. Marten's ProjectionLifecycle).
public enum ProjectionLifecycle
{
    /// By the write itself, after its append and before it answers: a read right after the write sees it. The feed
    /// (SQLite's global feed, Cosmos DB's change feed) still applies it too, version-guarded, so a view left behind
    /// by a crash between the append and the view write is repaired.
    Inline,

    /// Only from the feed: a read may lag the write.
    Async,
}

/// A read model, declared once: a pure `Evolve` over the events of one stream category, the view it keeps per
/// stream (keyed by the stream's key within its tenant), and its lifecycle. Each slice declares its own and
/// registers it; the view store adapters (SQLite rows, Cosmos DB documents) keep every view with the stream
/// version it reflects and never write an older version over a newer one. `Due` is the one secondary index a
/// view may have (per tenant, by time): the deadline of a request, say; null leaves the view out of it.
public sealed record ViewProjection<TEvent, TView>(
    string Kind, string Category, ProjectionLifecycle Lifecycle, Func<TView?, TEvent, TView> Evolve, Func<TView, DateTimeOffset?> Due)
    where TEvent : class
    where TView : class
{
    /// Streams are named `{category}-{key}`.
    public bool Covers(StreamId stream) => stream.Name.Length > Category.Length + 1
        && stream.Name.StartsWith(Category, StringComparison.Ordinal) && stream.Name[Category.Length] == '-';
}
