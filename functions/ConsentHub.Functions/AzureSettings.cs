namespace ConsentHub.Functions;

/// The app settings the Functions app reads on Azure (the hub with ConsentHub:Store = cosmos, and the Functions host
/// under it). infra/modules/functionapp.bicep sets them; a test (AppSettingsTests) holds this list to the templates
/// and to the configuration keys in the hub's and this app's source, so a setting added in code fails the test until
/// it is listed here and, if Azure needs it, set by the template.
public static class AzureSettings
{
    /// Read by the hub on Azure; the template must set each.
    public static readonly IReadOnlyList<string> Read =
    [
        "AZURE_CLIENT_ID",   // which identity DefaultAzureCredential signs in as (Cosmos DB, Service Bus)
        "ConsentHub__Store",
        "ConsentHub__Cosmos__Endpoint",
        "ConsentHub__Cosmos__Database",
        "ConsentHub__ServiceBus__Namespace",
        "ConsentHub__Secrets__MasterKey",
        "ConsentHub__Secrets__HashKey",
        "ConsentHub__Secrets__LinkKey",
        "ConsentHub__AdminKey",
        "ConsentHub__PublicBaseUrl",
        "ConsentHub_ChangeFeedSweepSchedule",   // the sweep timer's schedule (%…% in its trigger: a flat name)
    ];

    /// Read by the Functions host itself, not by our code; the template sets each: its storage (also the Durable task
    /// hub's), signed in with the identity, its telemetry, and no default home page in front of the catch-all function.
    public static readonly IReadOnlyList<string> Host =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsDisableHomepage",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    /// Read only where they apply, never set on Azure: the account key (local runs and tests; Azure signs in with the
    /// identity), the embedded store's data folder, its lock wait, the opt-in to keep the secrets there, and the
    /// self-hosted server's change-feed reader (on Azure a timer sweeps the change feed).
    public static readonly IReadOnlyList<string> NotOnAzure =
        ["ConsentHub__Cosmos__Key", "ConsentHub__DataDir", "ConsentHub__Sqlite__LockTimeoutSeconds", "ConsentHub__Secrets__AllowDataDir",
         "ConsentHub__ChangeFeed"];

    /// Read everywhere but with defaults that fit Azure, so the template need not set them: provider API bases,
    /// propagation retries, webhook address policy, rate limits, the stream-key cache, bulk import limits.
    public static readonly IReadOnlyList<string> Optional =
    [
        "ConsentHub__SendGrid__BaseUrl",
        "ConsentHub__Twilio__BaseUrl",
        "ConsentHub__Propagation",
        "ConsentHub__Webhooks",
        "ConsentHub__RateLimits",
        "ConsentHub__StreamKeys__CacheSeconds",
        "ConsentHub__StreamKeys__CacheSize",
        "ConsentHub__Imports",
    ];

    /// Settings Flex Consumption takes from functionAppConfig instead (runtime, deployment) or does not have (the
    /// content share); the template must not set them.
    public static readonly IReadOnlyList<string> NotOnFlexConsumption =
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_NODE_DEFAULT_VERSION",
        "SCM_DO_BUILD_DURING_DEPLOYMENT",
        "WEBSITE_TIME_ZONE",
    ];
}
