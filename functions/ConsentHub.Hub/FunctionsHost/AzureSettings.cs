namespace ConsentHub.Hub.FunctionsHost;

/// The settings the hub reads when it runs on Azure (ConsentHub:Store = cosmos), as app-setting names.
/// infra/modules/functionapp.bicep sets every one of them; a test holds the two to each other and to the source.
public static class AzureSettings
{
    public static readonly IReadOnlyList<string> Read =
    [
        "AZURE_CLIENT_ID",   // which identity DefaultAzureCredential signs in as (Cosmos DB, Service Bus REST)
        "ConsentHub__Store",
        "ConsentHub__Cosmos__Endpoint",
        "ConsentHub__Cosmos__Database",
        "ConsentHub__ServiceBus__Namespace",
        "ConsentHub__Secrets__MasterKey",
        "ConsentHub__Secrets__HashKey",
        "ConsentHub__Secrets__LinkKey",
        "ConsentHub__AdminKey",
        "ConsentHub__PublicBaseUrl",
    ];

    /// Read only where they apply: the account key (local runs and tests; Azure signs in with the identity) and
    /// the embedded store's data folder, its lock wait, and the opt-in to keep the secrets there.
    public static readonly IReadOnlyList<string> NotOnAzure =
        ["ConsentHub__Cosmos__Key", "ConsentHub__DataDir", "ConsentHub__Sqlite__LockTimeoutSeconds", "ConsentHub__Secrets__AllowDataDir",
         "ConsentHub__ChangeFeed"];   // the self-hosted server's change-feed reader; under Functions the trigger reads the feed

    /// Read everywhere but with defaults that fit Azure, so the template need not set them: provider API bases,
    /// propagation retries, webhook address policy, rate limits, the stream-key cache.
    public static readonly IReadOnlyList<string> Optional =
    [
        "ConsentHub__SendGrid__BaseUrl",
        "ConsentHub__Twilio__BaseUrl",
        "ConsentHub__Propagation",
        "ConsentHub__Webhooks",
        "ConsentHub__RateLimits",
        "ConsentHub__StreamKeys__CacheSeconds",
        "ConsentHub__StreamKeys__CacheSize",
    ];
}
