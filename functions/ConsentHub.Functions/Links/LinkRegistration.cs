namespace ConsentHub.Functions.Links;

public static class LinkRegistration
{
    public static IServiceCollection AddLinks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(Http.PublicUrls.From(configuration, environment));
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<Tenants.IRequestTenant, LinkTenant>();
        services.AddSingleton<PersonWrites>();
        services.AddSingleton<Messages.IChangeMessages, MailedLinkMessages>();
        return services;
    }
}
