using ConsentHub.Functions.Propagation;
using ConsentHub.Functions.Subscriptions;

namespace ConsentHub.Functions.Webhooks;

/// Webhooks both ways: CRM subscriptions with their propagation target, and the providers' inbound webhooks.
public static class WebhookRegistration
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<WebhookTarget>();
        services.AddSingleton<IPropagationTarget>(sp => sp.GetRequiredService<WebhookTarget>());
        services.AddSingleton<SendGridEvents>();
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

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapSubscriptionEndpoints();
        var inbound = app.MapGroup("/api/v1/{tenant}/webhooks").WithTags("Provider webhooks");
        inbound.MapPost("/sendgrid", SendGridEvents.Receive);
        inbound.MapPost("/twilio", TwilioInbound.Receive);
        return app;
    }
}
