using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Stores;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.ChangeFeed;
using ConsentHub.Hub.Storage.Cosmos;

namespace ConsentHub.Api.Tests.Kit;

/// A capability test that runs on every store: the cases live in an abstract class deriving from this one, and each
/// leg (a sealed class per store) says how to start the hub and how the store's feed delivers changes to the views.
/// The SQLite and Cosmos DB legs run as under the Functions host, so the timer routes answer too; the Cosmos DB
/// server leg is the self-hosted server, which reads the change feed itself.
public abstract class StoreHubTest(string tenantId) : IAsyncLifetime
{
    protected TestHub Hub { get; private set; } = null!;
    protected TenantHandle Tenant { get; private set; } = null!;
    protected HttpClient Client => Tenant.Client;

    protected abstract Task<TestHub> StartHubAsync();

    /// Hands the changes of these streams to the store's feed: SQLite's feed projects by itself; Cosmos DB's change
    /// feed is invoked as the Functions host would.
    protected abstract Task DeliverAsync(params StreamId[] streams);

    public virtual async Task InitializeAsync()
    {
        Hub = await StartHubAsync();
        Tenant = await Hub.CreateTenantAsync(tenantId);
    }

    public virtual async Task DisposeAsync()
    {
        Tenant.Dispose();
        await Hub.DisposeAsync();
    }

    /// POSTs a timer invocation as the host does and answers its body.
    protected async Task<JsonElement> InvokeTimerAsync(string route)
    {
        const string timer = """{"Data":{"timer":{"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"Timer"}}}""";
        using var client = Hub.HostClient();
        using var response = await client.PostAsync(route, Http.JsonBody(timer));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

public static class StoreLegs
{
    public static Task<TestHub> SqliteAsync() => TestHub.StartAsync(extra: FunctionsHostKit.UnderHost());

    public static Task<TestHub> CosmosAsync(CosmosServer server) => CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets());

    /// The self-hosted server (`dotnet run` with ConsentHub__Store=cosmos): it reads the change feed itself.
    public static Task<TestHub> CosmosServerAsync(CosmosServer server) => CosmosServerHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets());

    /// Waits until the self-hosted server's change-feed reader has found nothing new in a read sent after now, so
    /// every change acknowledged before this call has reached the views.
    public static Task CaughtUpAsync(TestHub hub)
    {
        var now = DateTimeOffset.UtcNow;
        var status = hub.Services.GetRequiredService<ChangeFeedStatus>();
        return Eventually.HoldsAsync(() => Task.FromResult(status.CaughtUpAt), at => at >= now, what: "the change-feed reader catching up");
    }

    /// Invokes the Cosmos DB trigger with the change feed's documents of these streams, as stored.
    public static async Task ChangeFeedAsync(TestHub hub, params StreamId[] streams)
    {
        var documents = (await CosmosEventStoreContract.ChangeFeedDocumentsAsync(hub.Services.GetRequiredService<CosmosContainers>(),
            hub.Services.GetRequiredService<CosmosEventStore>(), streams)).GetRawText();
        var payload = JsonSerializer.Serialize(new { Data = new { documents }, Metadata = new { sys = new { MethodName = "EventsChangeFeed" } } });
        using var client = hub.HostClient();
        using var response = await client.PostAsync("/EventsChangeFeed", Http.JsonBody(payload));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
