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
        return services;
    }

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapSubscriptionEndpoints();
        return app;
    }
}
