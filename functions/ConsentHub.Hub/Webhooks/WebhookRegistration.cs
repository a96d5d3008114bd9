using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Webhooks;

/// The providers' inbound webhooks (SendGrid events, Twilio replies).
public static class WebhookRegistration
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddWebhookOptions();
        services.AddSingleton<SendGridEvents>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var inbound = app.MapGroup("/api/v1/{tenant}/webhooks").WithTags("Provider webhooks");
        inbound.MapPost("/sendgrid", SendGridEvents.Receive);
        inbound.MapPost("/twilio", TwilioInbound.Receive);
        return app;
    }

    /// `ConsentHub:Webhooks` serves both ways (the CRM address policy and the inbound checks): bound once, whichever asks first.
    public static IServiceCollection AddWebhookOptions(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<WebhookOptions>))) return services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
