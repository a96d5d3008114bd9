using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.ChangeFeed;

public static class ChangeFeedRegistration
{
    /// On Cosmos DB: the change-feed step and sweep both hosts take; the self-hosted server also reads the feed itself
    /// (the Functions app sweeps it from a timer instead).
    public static IServiceCollection AddChangeFeed(this IServiceCollection services, IConfiguration configuration, HubHost host = HubHost.Server)
    {
        if (!StorageRegistration.IsCosmos(configuration)) return services;
        services.AddSingleton<ChangeFeedEvents>();
        services.AddSingleton<ChangeFeedHandler>();
        // The one pass over the feed: the server's reader loops over it, the Functions app's timer takes it once per tick.
        services.AddOptions<ChangeFeedOptions>().BindConfiguration(ChangeFeedOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.Lease > TimeSpan.Zero && o.PageSize >= 1, "ConsentHub:ChangeFeed needs a positive PollInterval and Lease, and PageSize ≥ 1")
            .ValidateOnStart();
        services.AddSingleton<ChangeFeedStatus>();
        services.AddSingleton<ChangeFeedSweep>();
        if (host != HubHost.Server) return services;
        services.AddHostedService<ChangeFeedReader>();
        return services;
    }
}
