namespace ConsentHub.Hub.Links;

public static class LinkRegistration
{
    public static IServiceCollection AddLinks(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddSingleton(sp => Http.PublicUrls.From(sp.GetRequiredService<HubOptions>(), environment));
        services.AddSingleton(sp => new Http.StartupCheck(() => sp.GetRequiredService<Http.PublicUrls>()));   // no links without a base: refuse the start
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<Tenants.IRequestTenant, LinkTenant>();
        services.AddSingleton<PersonWrites>();
        services.AddSingleton<Messages.IChangeMessages, MailedLinkMessages>();
        return services;
    }
}
