using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Hub.Storage.Cosmos;

/// The hub's Cosmos DB client and its containers, all partitioned by `/stream` (`{tenant}/{stream name}`).
public sealed class CosmosContainers : IDisposable
{
    private readonly CosmosClient _client;
    private readonly CosmosOptions _options;

    public CosmosContainers(CosmosOptions options, CosmosHttp? http = null)
    {
        _options = options;
        // ReadMany of views runs as single-partition queries; optimistic direct execution sends them without
        // asking the gateway for a query plan (which the local test server cannot produce either).
        Environment.SetEnvironmentVariable("AZURE_COSMOS_OPTIMISTIC_DIRECT_EXECUTION_ENABLED", "true");
        var clientOptions = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,   // one connection path for Functions instances and the tests alike
            LimitToEndpoint = http is not null,
            ApplicationName = "ConsentHub",
        };
        if (http is not null) clientOptions.HttpClientFactory = http.Create;
        _client = options.Key is { } key
            ? new CosmosClient(options.Endpoint.ToString(), key, clientOptions)
            : new CosmosClient(options.Endpoint.ToString(), new DefaultAzureCredential(), clientOptions);
        var database = _client.GetDatabase(options.Database);
        Events = database.GetContainer(CosmosOptions.Events);
        Keys = database.GetContainer(CosmosOptions.Keys);
        Views = database.GetContainer(CosmosOptions.Views);
        Leases = database.GetContainer(CosmosOptions.Leases);
    }

    public Container Events { get; }
    public Container Keys { get; }
    public Container Views { get; }

    /// Partitioned by /id: the Cosmos DB trigger's leases, and the self-hosted server's change-feed lease.
    public Container Leases { get; }

    /// Creates the database and containers where the hub holds a key (local runs, tests). With a managed identity
    /// the infrastructure creates them: data-plane roles cannot.
    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        if (_options.Key is null) return;
        var database = (await _client.CreateDatabaseIfNotExistsAsync(_options.Database, cancellationToken: ct)).Database;
        foreach (var name in new[] { CosmosOptions.Events, CosmosOptions.Keys, CosmosOptions.Views })
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(name, CosmosOptions.PartitionKeyPath), cancellationToken: ct);
        // The change feed processor behind the Cosmos DB trigger keeps its leases in a container partitioned by /id.
        await database.CreateContainerIfNotExistsAsync(new ContainerProperties(CosmosOptions.Leases, "/id"), cancellationToken: ct);
    }

    public void Dispose() => _client.Dispose();
}
