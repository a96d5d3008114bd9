using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Api.Tests.Azure;

/// The local Cosmos-compatible server serves every database it makes: a resource id is written with '-' for '/', as
/// Cosmos DB writes it, so the one database in 64 whose id held a '/' no longer loses its containers to a 404 ("stale
/// cache") on queries and change-feed reads, which failed whichever store-leg case happened to start on it.
[Collection(CosmosCollection.B)]
public sealed class LocalCosmosServerResourceIdTests(CosmosServer server)
{
    [Fact]
    public async Task Sixty_four_databases_in_a_row_each_answer_a_query_and_a_change_feed_read()
    {
        for (var i = 0; i < 64; i++)
        {
            using var cosmos = new CosmosContainers(server.Options(CosmosServer.NewDatabase()), server.Http);
            await cosmos.EnsureCreatedAsync(default);
            Assert.Empty(await CosmosJson.QueryAsync(cosmos.Views, new QueryDefinition("SELECT * FROM c WHERE c.stream = @p").WithParameter("@p", "t/x"), "t/x", "query", default));
            using var feed = cosmos.Events.GetChangeFeedStreamIterator(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);
            using var page = await feed.ReadNextAsync();
            Assert.True(page.StatusCode is System.Net.HttpStatusCode.NotModified or System.Net.HttpStatusCode.OK, $"database {i}: {(int)page.StatusCode} {page.ErrorMessage}");
        }
    }
}
