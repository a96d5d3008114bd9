namespace ConsentHub.Hub.Storage.Cosmos;

/// `ConsentHub:Cosmos`: the account endpoint, the database, and a key; without a key the hub signs in with its
/// managed identity (DefaultAzureCredential; a user-assigned identity is chosen by `AZURE_CLIENT_ID`).
public sealed record CosmosOptions(Uri Endpoint, string Database, string? Key)
{
    public const string Section = "ConsentHub:Cosmos";

    // Container names are fixed: the Bicep templates and the Cosmos DB trigger's function.json name the same ones.
    public const string Events = "events";
    public const string Leases = "leases";
    public const string Keys = "keys";
    public const string Views = "views";
    public const string PartitionKeyPath = "/stream";   // every container but the leases (/id)

    public static CosmosOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("ConsentHub:Cosmos");
        var endpoint = section["Endpoint"];
        var database = section["Database"];
        if (string.IsNullOrEmpty(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            throw new InvalidOperationException("ConsentHub:Store 'cosmos' needs ConsentHub:Cosmos:Endpoint, the account's https URL.");
        if (string.IsNullOrEmpty(database))
            throw new InvalidOperationException("ConsentHub:Store 'cosmos' needs ConsentHub:Cosmos:Database.");
        return new CosmosOptions(uri, database, section["Key"] is { Length: > 0 } key ? key : null);
    }
}

/// Tests hand the Cosmos client an HttpClient that trusts only their local server's certificate.
public sealed record CosmosHttp(Func<HttpClient> Create);
