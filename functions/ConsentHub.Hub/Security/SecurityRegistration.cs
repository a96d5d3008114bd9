namespace ConsentHub.Hub.Security;

public static class SecurityRegistration
{
    /// Sealing personal data per stream, keyed hashes of contact points, and api-key hashing.
    public static IServiceCollection AddSecurity(this IServiceCollection services)
    {
        services.AddOptions<StreamKeyOptions>().BindConfiguration(StreamKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StreamKeys>();
        services.AddSingleton<Sealer>();
        services.AddSingleton<EvidenceKeys>();
        services.AddSingleton<ContactHasher>();
        services.AddSingleton<ApiKeys>();
        return services;
    }
}
