using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.ChangeFeed;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Storage.Cosmos;

namespace ConsentHub.Api.Tests.Stores;

/// The conformance suite on Cosmos DB (the local cosmosdb-server): changes reach the views as the change feed
/// delivers them, the streams' commit documents as stored, parsed by the change-feed handler's own code.
[Collection(CosmosCollection.B)]
public sealed class CosmosEventStoreContract(CosmosServer server) : EventStoreContract
{
    private CosmosContainers? _cosmos;
    private CosmosEventStore? _store;

    protected override async Task<StoreUnderTest> StartAsync()
    {
        _cosmos = new CosmosContainers(server.Options(CosmosServer.NewDatabase()), server.Http);
        await _cosmos.EnsureCreatedAsync(default);
        _store = new CosmosEventStore(_cosmos);
        var views = new CosmosViewStore(_cosmos);
        // Read again on every use: these cases look at the views the change feed wrote, not at this instance's memory.
        var index = new PartyIndex(views, new PartyIndexOptions(TimeSpan.Zero), TimeProvider.System);
        var refresh = new ViewRefresh(_store, views, [PartyProjector.Subjects, PartyProjector.Contacts], []);
        return new StoreUnderTest(_store, new CosmosStreamKeyStore(_cosmos), new PartyViews(views, index, [index]), async streams =>
        {
            var batch = await ChangeFeedDocumentsAsync(_cosmos, _store, streams);
            await refresh.RefreshAsync(ChangeFeedBatch.Parse(batch).Select(c => c.Stream), default);
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
        _store?.Dispose();
        _cosmos?.Dispose();
        return Task.CompletedTask;
    }
}
