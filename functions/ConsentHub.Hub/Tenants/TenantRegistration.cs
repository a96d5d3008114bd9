using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Tenants;

public static class TenantRegistration
{
    public static IServiceCollection AddTenants(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TenantRegistry>();
        services.AddSingleton<ApiKeyLookup>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<ITenantSource, StreamTenantSource>();
        // On SQLite every tenant is loaded at start-up (tenant streams are few and short: no history scan); on
        // Cosmos DB an instance reads a tenant's stream the first time a request needs it (TenantLoading).
        if (!StorageRegistration.IsCosmos(configuration)) services.AddHostedService<TenantPreloader>();
        return services;
    }
}
