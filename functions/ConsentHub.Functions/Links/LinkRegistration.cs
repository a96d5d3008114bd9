namespace ConsentHub.Functions.Links;

public static class LinkRegistration
{
    public static IServiceCollection AddLinks(this IServiceCollection services)
    {
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<PersonWrites>();
        return services;
    }
}
