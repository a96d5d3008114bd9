using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Webhooks;

namespace ConsentHub.Hub.Subscriptions;

/// CRM subscriptions: their routes, and the propagation target that pushes CloudEvents to them.
public static class SubscriptionRegistration
{
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddWebhookOptions();
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<WebhookTarget>();
        services.AddSingleton<IPropagationTarget>(sp => sp.GetRequiredService<WebhookTarget>());
        services.AddHttpClient(WebhookTarget.ClientName, (sp, client) =>
                client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<WebhookUrlPolicy>().ConnectAsync,
                AllowAutoRedirect = false,   // a redirect could lead past the address policy
                UseProxy = false,            // the policy must see the CRM's own addresses
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        return services;
    }
}
