using ConsentHub.Api.Tests.Stores;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Durable;
using ConsentHub.Functions.Jobs;
using ConsentHub.Hub.ChangeFeed;
using ConsentHub.Hub.Jobs;
using ConsentHub.Hub.Storage.Cosmos;

namespace ConsentHub.Api.Tests.Kit;

/// A capability test that runs on every store: the cases live in an abstract class deriving from this one, and each
/// leg (a sealed class per store) says how to start the hub and how the store's feed delivers changes to the views.
/// The SQLite leg is the self-hosted server; the Cosmos DB leg is the Functions app (FunctionsAppHub); the Cosmos DB
/// server leg is the self-hosted server on Cosmos DB, which reads the change feed itself.
public abstract class StoreHubTest(string tenantId) : IAsyncLifetime
{
    protected TestHub Hub { get; private set; } = null!;
    protected TenantHandle Tenant { get; private set; } = null!;
    protected HttpClient Client => Tenant.Client;

    protected abstract Task<TestHub> StartHubAsync();

    /// Hands the changes of these streams to the store's feed: SQLite's feed projects by itself; in the Functions app
    /// they are handed to the change-feed step as its sweep would.
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

    /// The request deadline job as this leg's host runs it: the Functions app's timer function, or on the server the job
    /// its daily background service runs (called directly: the service waits for its hour).
    protected Task<JobRun> RequestDeadlinesAsync() => Hub.Functions is { } app
        ? app.TimerAsync<RequestDeadlinesTimer, JobRun>((f, timer) => f.RunAsync(timer, CancellationToken.None))
        : Hub.Services.GetRequiredService<RequestDeadlinesJob>().RunAsync(false, CancellationToken.None);
}

public static class StoreLegs
{
    public static Task<TestHub> SqliteAsync() => TestHub.StartAsync();

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

    /// Hands the change feed's commits of these streams, as stored, to the Functions app's change-feed step with the
    /// Durable client (as its sweep does), then waits for the propagations' orchestrations to finish.
    public static async Task ChangeFeedAsync(TestHub hub, params StreamId[] streams)
    {
        var app = hub.Functions ?? throw new InvalidOperationException("The change-feed step is handed commits only in the Functions app");
        var documents = await CosmosEventStoreContract.ChangeFeedDocumentsAsync(hub.Services.GetRequiredService<CosmosContainers>(),
            hub.Services.GetRequiredService<CosmosEventStore>(), streams);
        hub.Services.GetRequiredService<DurableClientAccessor>().Client = app.Durable.Client;
        await hub.Services.GetRequiredService<ChangeFeedHandler>().HandleAsync(ChangeFeedBatch.Parse(documents), CancellationToken.None);
        await app.SettledAsync();
    }
}
