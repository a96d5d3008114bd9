namespace ConsentHub.Hub.Projections.Views;

/// One view as stored: a projection's view of one stream (`Kind`, `Tenant`, `Key`), the stream version it reflects,
/// its place in the due index (null: not in it) and its JSON body. `Change`: a write that moves the view also records
/// this change in the tenant's change log (see `ChangesAsync`).
public sealed record ViewRow(string Tenant, string Kind, string Key, long Version, DateTimeOffset? Due, string Body, ViewChange? Change = null);

/// An entry of a tenant's change log: `Key` (of the log, not of the view) changed at `At`.
public sealed record ViewChange(string Log, string Key, DateTimeOffset At);

/// A key at its latest change: `Sequence` orders a tenant's log, assigned when the change is recorded.
public sealed record LoggedChange(string Key, long Sequence, DateTimeOffset At);

/// A page of a change log: the entries after a sequence, and where the next page starts.
public sealed record ChangePage(IReadOnlyList<LoggedChange> Changes, long Next);

/// The view-store port, with an SQLite adapter (rows beside the events, written with the feed's checkpoint) and a
/// Cosmos DB adapter (documents in the views container, one partition per tenant and kind). Every query stays
/// within one tenant and one kind, which is one partition on Cosmos DB.
public interface IViewStore
{
    Task<ViewRow?> GetAsync(string tenant, string kind, string key, CancellationToken ct);

    /// Several views of one kind at once (one round trip on Cosmos DB); keys without a view are left out.
    Task<IReadOnlyList<ViewRow>> GetManyAsync(string tenant, string kind, IReadOnlyList<string> keys, CancellationToken ct);

    /// Writes the view unless one of the same or a newer version is stored (then false): a late or repeated
    /// writer never takes a view back.
    Task<bool> PutAsync(ViewRow view, CancellationToken ct);

    /// A tenant's views of a kind; with `dueBefore`, only those in the due index due before it, soonest first.
    Task<IReadOnlyList<ViewRow>> ListAsync(string tenant, string kind, DateTimeOffset? dueBefore, CancellationToken ct);

    /// A tenant's views of a kind whose key starts with `keyPrefix`.
    Task<IReadOnlyList<ViewRow>> StartingWithAsync(string tenant, string kind, string keyPrefix, CancellationToken ct);

    /// A tenant's change log after `after`, each key once, at its latest change, in sequence order: a key changed
    /// again moves to the end with a new sequence. A change is listed once its view is written; a reader that follows
    /// `Next` sees every change after its cursor at least once.
    Task<ChangePage> ChangesAsync(string tenant, string log, long after, int limit, CancellationToken ct);

    /// The tenants that hold views of a kind: jobs that look at every tenant go through them one by one.
    Task<IReadOnlyList<string>> TenantsAsync(string kind, CancellationToken ct);
}
