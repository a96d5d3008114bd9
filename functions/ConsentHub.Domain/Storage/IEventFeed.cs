namespace ConsentHub.Domain.Storage;

/// The global commit order of a store that has one: SQLite's position, read by the in-memory projections and the
/// CloudEvents pull feed. Cosmos DB has no order across partitions, so there is no such port there: its change feed
/// (the Functions host's Cosmos DB trigger, checkpointed in the lease container) drives projections instead.
public interface IEventFeed
{
    /// Events after a global position, in commit order; one tenant's, or every tenant's when null. Positions are never seen out of order.
    Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int limit, string? tenant, CancellationToken ct);
}
