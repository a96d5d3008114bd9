namespace ConsentHub.Functions.Projections.Views;

/// One view as stored: a projection's view of one stream (`Kind`, `Tenant`, `Key`), the stream version it reflects,
/// its place in the due index (null: not in it) and its JSON body.
public sealed record ViewRow(string Tenant, string Kind, string Key, long Version, DateTimeOffset? Due, string Body);

/// The view-store port, with an SQLite adapter (rows beside the events, written with the feed's checkpoint) and a
/// Cosmos DB adapter (documents in the views container, one partition per tenant and kind). Every query stays
/// within one tenant and one kind, which is one partition on Cosmos DB.
public interface IViewStore
{
    Task<ViewRow?> GetAsync(string tenant, string kind, string key, CancellationToken ct);

    /// Writes the view unless one of the same or a newer version is stored (then false): a late or repeated
    /// writer never takes a view back.
    Task<bool> PutAsync(ViewRow view, CancellationToken ct);

    /// A tenant's views of a kind; with `dueBefore`, only those in the due index due before it, soonest first.
    Task<IReadOnlyList<ViewRow>> ListAsync(string tenant, string kind, DateTimeOffset? dueBefore, CancellationToken ct);

    /// The tenants that hold views of a kind: jobs that look at every tenant go through them one by one.
    Task<IReadOnlyList<string>> TenantsAsync(string kind, CancellationToken ct);
}
