using ConsentHub.Contracts.Api;

namespace ConsentHub.Hub.Feed;

/// A tenant's CloudEvents in the feed's order: SQLite's commit order (StoreCloudEventFeed), or on Cosmos DB the order
/// in which the change feed delivered them (CosmosEventLog). A page holds the events after `after` and the position
/// of the last event looked at, which the next page starts after: each event exactly once across pages.
public interface ICloudEventFeed
{
    Task<(List<CloudEvent> Events, long Position)> PageAsync(string tenant, long after, int max, CancellationToken ct);
}
