using ConsentHub.Hub.Http;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.ChangeFeed;

public static class ChangeFeedRegistration
{
    /// On Cosmos DB: the change-feed step both hosts take; the self-hosted server also reads the feed itself (under the
    /// Functions host the Cosmos DB trigger delivers it instead).
    public static IServiceCollection AddChangeFeed(this IServiceCollection services, IConfiguration configuration)
    {
        if (!StorageRegistration.IsCosmos(configuration)) return services;
        services.AddSingleton<ChangeFeedEvents>();
        services.AddSingleton<ChangeFeedHandler>();
        if (Hosting.UnderFunctionsHost(configuration)) return services;
        services.AddOptions<ChangeFeedOptions>().BindConfiguration(ChangeFeedOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.Lease > TimeSpan.Zero && o.PageSize >= 1, "ConsentHub:ChangeFeed needs a positive PollInterval and Lease, and PageSize ≥ 1")
            .ValidateOnStart();
        services.AddSingleton<ChangeFeedStatus>();
        services.AddHostedService<ChangeFeedReader>();
        return services;
    }
}
