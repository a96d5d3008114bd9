using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Feed;

public static class FeedRegistration
{
    /// The pull feed reads the store's commit order embedded, and the log the change feed writes on Cosmos DB.
    public static IServiceCollection AddEventsFeed(this IServiceCollection services, IConfiguration configuration) =>
        StorageRegistration.IsCosmos(configuration)
            ? services.AddSingleton<CosmosEventLog>().AddSingleton<ICloudEventFeed>(sp => sp.GetRequiredService<CosmosEventLog>())
            : services.AddSingleton<ICloudEventFeed, StoreCloudEventFeed>();
}
