using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Storage.Cosmos;

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Storage;

public static class StorageRegistration
{
    public static bool IsCosmos(IConfiguration configuration) =>
        string.Equals(configuration["ConsentHub:Store"], "cosmos", StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddHubStorage(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        HubHost host = HubHost.Server)
    {
        var options = HubOptions.Read(configuration);
        services.AddSingleton(options);
        services.AddSingleton<IOptions<HubOptions>>(Options.Create(options));
        services.AddSingleton<ViewRefresh>();
        services.AddSingleton<ViewFaults>();
        return options.Store switch
        {
            "sqlite" => services.AddSqlite(configuration, options, environment, host),
            "cosmos" => services.AddCosmos(configuration, host),
            _ => throw new UnreachableException(options.Store),   // HubOptionsValidator allows no other
        };
    }

    private static IServiceCollection AddSqlite(this IServiceCollection services, IConfiguration configuration, HubOptions options, IHostEnvironment environment,
        HubHost host)
    {
        // Loaded now, not on first use: a refusal or a broken secrets file stops the start instead of failing requests.
        services.AddSingleton(HubSecrets.Load(configuration, options.DataPath,
            environment.IsDevelopment() || configuration.GetValue<bool>("ConsentHub:Secrets:AllowDataDir")));
        services.AddSingleton(_ => new SqliteDatabase(Path.Combine(options.DataPath, "consenthub.db"),
            configuration.GetValue("ConsentHub:Sqlite:LockTimeoutSeconds", SqliteDatabase.DefaultLockTimeoutSeconds)));
        // A database the hub cannot use stops it before it answers: opening the file is the check.
        services.AddSingleton(sp => new StartupCheck(() => sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IStoreProbe, SqliteStoreProbe>();
        services.AddSingleton<SqliteEventStore>(sp => new SqliteEventStore(sp.GetRequiredService<SqliteDatabase>(),
            observers: sp.GetServices<ICommitObserver>()));
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IEventFeed>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IStreamKeyStore, SqliteStreamKeyStore>();
        services.AddSingleton<SqliteLedgerCommit>();
        services.AddSingleton<SqlitePropagationCommit>();
        services.AddSingleton<Requests.IAttachmentStore, SqliteAttachmentStore>();
        services.AddSingleton<SqliteViewStore>();
        services.AddSingleton<IViewStore>(sp => sp.GetRequiredService<SqliteViewStore>());
        services.AddSingleton<SqliteViewFeed>();
        services.AddHostedService<SqliteViewWorker>();
        services.AddSingleton(new PartyIndexOptions(null));   // the feed brings every writer's views: the index is whole
        // The self-hosted server's propagation driver: a queue of rows in the hub's own database. In the Functions app the
        // Durable orchestration drives propagations instead.
        if (host != HubHost.Server) return services;
        services.AddSingleton<SqlitePropagationQueue>();
        services.AddSingleton<IPropagationQueue>(sp => sp.GetRequiredService<SqlitePropagationQueue>());
        services.AddSingleton<IPropagationDispatch>(sp => sp.GetRequiredService<SqlitePropagationQueue>());
        services.AddSingleton<ICheckpointStore>(sp => sp.GetRequiredService<SqlitePropagationQueue>());
        return services;
    }

    private static readonly string[] SecretNames = ["MasterKey", "HashKey", "LinkKey"];

    // Every instance must hash and seal alike, so on Cosmos DB the secrets come from configuration (Key Vault), never a local file.
    private static IServiceCollection AddCosmos(this IServiceCollection services, IConfiguration configuration, HubHost host)
    {
        var cosmos = CosmosOptions.From(configuration);
        var secrets = configuration.GetSection("ConsentHub:Secrets");
        if (SecretNames.Any(k => string.IsNullOrEmpty(secrets[k])))
            throw new InvalidOperationException("ConsentHub:Store 'cosmos' needs ConsentHub:Secrets:MasterKey, HashKey and LinkKey from configuration (Key Vault references).");
        services.AddSingleton(HubSecrets.Load(configuration, Path.GetTempPath(), dataDirAllowed: false));
        services.AddSingleton(sp => new CosmosContainers(cosmos, sp.GetService<CosmosHttp>()));
        services.AddSingleton<CosmosEventStore>();
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<CosmosEventStore>());
        services.AddSingleton<IStreamKeyStore, CosmosStreamKeyStore>();
        services.AddSingleton<Requests.IAttachmentStore, CosmosAttachmentStore>();
        services.AddSingleton<IViewStore, CosmosViewStore>();
        services.TryAddSingleton<IStoreProbe, CosmosStoreProbe>();
        services.AddSingleton(new PartyIndexOptions(TimeSpan.FromSeconds(2)));   // another instance's change feed may write a view
        if (host == HubHost.Server)
        {
            // The self-hosted server: its change-feed reader starts propagations, and a queue in Cosmos DB shared by every
            // instance holds their tasks. In the Functions app a Durable orchestration runs each propagation instead.
            services.AddSingleton<CosmosPropagationQueue>();
            services.AddSingleton<IPropagationQueue>(sp => sp.GetRequiredService<CosmosPropagationQueue>());
            services.AddSingleton<IPropagationDispatch>(sp => sp.GetRequiredService<CosmosPropagationQueue>());
        }
        services.AddHostedService<CosmosStartup>();
        return services;
    }
}

/// Creates the containers at start-up where the hub holds an account key (local runs and tests).
public sealed class CosmosStartup(CosmosContainers cosmos) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => cosmos.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
