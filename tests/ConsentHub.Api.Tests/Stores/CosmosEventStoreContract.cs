using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.ChangeFeed;
using ConsentHub.Functions.FunctionsHost;
using ConsentHub.Functions.Projections.Cosmos;
using ConsentHub.Functions.Storage.Cosmos;

namespace ConsentHub.Api.Tests.Stores;

/// The conformance suite on Cosmos DB (the local cosmosdb-server): changes reach the views as the change feed
/// delivers them, the streams' commit documents as stored, parsed by the change-feed handler's own code.
[Collection(CosmosCollection.Name)]
public sealed class CosmosEventStoreContract(CosmosServer server) : EventStoreContract
{
    private CosmosContainers? _cosmos;
    private CosmosEventStore? _store;
    private CosmosPartyLookup? _lookup;

    protected override async Task<StoreUnderTest> StartAsync()
    {
        _cosmos = new CosmosContainers(server.Options(CosmosServer.NewDatabase()), server.Http);
        await _cosmos.EnsureCreatedAsync(default);
        _store = new CosmosEventStore(_cosmos);
        var views = new CosmosViews(_cosmos, _store);
        _lookup = new CosmosPartyLookup(_cosmos);
        return new StoreUnderTest(_store, new CosmosStreamKeyStore(_cosmos), _lookup, async streams =>
        {
            var batch = await ChangeFeedDocumentsAsync(_cosmos, _store, streams);
            await views.ProjectAsync(ChangeFeedBatch.Parse(batch).Select(c => c.Stream), default);
            await Task.Delay(CosmosPartyLookup.CacheFor);   // what a check on this instance may lag behind the views
        });
    }

    /// The documents the change feed would deliver for these streams: every commit, as stored (system members included).
    public static async Task<JsonElement> ChangeFeedDocumentsAsync(CosmosContainers cosmos, CosmosEventStore store, IEnumerable<StreamId> streams)
    {
        var documents = new JsonArray();
        foreach (var stream in streams)
        {
            foreach (var commit in await store.ReadCommitsAsync(stream, default))
            {
                using var stored = await CosmosJson.ReadAsync(cosmos.Events, CommitDocument.IdOf(commit.First), stream.ToString(), default);
                documents.Add(JsonNode.Parse(stored!.RootElement.GetRawText()));
            }
        }
        return JsonSerializer.SerializeToElement(documents);
    }

    public override Task DisposeAsync()
    {
        _lookup?.Dispose();
        _store?.Dispose();
        _cosmos?.Dispose();
        return Task.CompletedTask;
    }
}
