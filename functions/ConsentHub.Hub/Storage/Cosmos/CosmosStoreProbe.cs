using System.Net;
using ConsentHub.Hub.Http;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Hub.Storage.Cosmos;

/// Cosmos DB is healthy when the account answers a point read (a document that does not exist: 404 is an answer).
public sealed class CosmosStoreProbe(CosmosContainers cosmos) : IStoreProbe
{
    public async Task<StoreHealth> ProbeAsync(CancellationToken ct)
    {
        try
        {
            using var response = await cosmos.Views.ReadItemStreamAsync("health", new PartitionKey("health"), cancellationToken: ct);
            return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound
                ? new StoreHealth(true)
                : new StoreHealth(false, $"Cosmos DB answered {(int)response.StatusCode}: writes may fail.");
        }
        catch (Exception ex) when (ex is CosmosException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new StoreHealth(false, $"Cosmos DB does not answer ({ex.GetType().Name}): writes fail.");
        }
    }
}
