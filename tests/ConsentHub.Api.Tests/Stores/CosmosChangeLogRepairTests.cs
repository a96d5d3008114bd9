using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Api.Tests.Stores;

/// On Cosmos DB a view and its change-log entry are two writes. An instance that stops between them leaves a view
/// whose change no sender following the suppressions feed would hear of; the redelivery from the change feed logs it.
[Collection(CosmosCollection.B)]
public sealed class CosmosChangeLogRepairTests(CosmosServer server) : IAsyncLifetime
{
    private CosmosContainers _cosmos = null!;
    private CosmosViewStore _views = null!;

    public async Task InitializeAsync()
    {
        _cosmos = new CosmosContainers(server.Options(CosmosServer.NewDatabase()), server.Http);
        await _cosmos.EnsureCreatedAsync(default);
        _views = new CosmosViewStore(_cosmos);
    }

    public Task DisposeAsync()
    {
        _cosmos.Dispose();
        return Task.CompletedTask;
    }

    private static ViewRow Link(long version) =>
        new("loki", "party-link", "hash-1|subject-1", version, null, "{}", new ViewChange("contacts", "hash-1", DateTimeOffset.UnixEpoch));

    [Fact]
    public async Task A_view_written_without_its_log_entry_is_logged_when_the_change_is_delivered_again_and_only_then()
    {
        // The view as an instance left it when it stopped after writing the view, before its log entry.
        var stopped = new JsonObject { ["id"] = "hash-1|subject-1", ["stream"] = "loki/view:party-link", ["version"] = 3, ["body"] = new JsonObject() };
        using (var body = CosmosJson.Body(stopped))
        using (var created = await _cosmos.Views.CreateItemStreamAsync(body, new PartitionKey("loki/view:party-link")))
            CosmosJson.EnsureSuccess(created, "create view");
        Assert.Empty((await _views.ChangesAsync("loki", "contacts", 0, 10, default)).Changes);

        Assert.False(await _views.PutAsync(Link(3), default));   // the change feed delivers the same change again
        var logged = Assert.Single((await _views.ChangesAsync("loki", "contacts", 0, 10, default)).Changes);
        Assert.Equal("hash-1", logged.Key);

        Assert.False(await _views.PutAsync(Link(3), default));   // and once more: logged already, so the cursor does not move
        Assert.False(await _views.PutAsync(Link(2), default));
        var page = await _views.ChangesAsync("loki", "contacts", 0, 10, default);
        Assert.Equal(logged.Sequence, Assert.Single(page.Changes).Sequence);
        Assert.Equal(logged.Sequence, page.Next);
    }

    [Fact]
    public async Task A_written_view_logs_its_change_once_however_often_it_is_delivered()
    {
        Assert.True(await _views.PutAsync(Link(1), default));
        Assert.False(await _views.PutAsync(Link(1), default));
        Assert.True(await _views.PutAsync(Link(2), default));
        var page = await _views.ChangesAsync("loki", "contacts", 0, 10, default);
        Assert.Equal(2, Assert.Single(page.Changes).Sequence);   // one entry per key, moved once per new version
    }
}
