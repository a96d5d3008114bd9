using ConsentHub.Hub.Messages.Providers;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Hub.Messages;

public static class MessageRegistration
{
    /// The e-mail and SMS targets of propagation, the hub's own messages, and the providers' SDKs they call.
    public static IServiceCollection AddMessages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Outbox>();
        services.AddSingleton<IChangeMessages, OptOutMessages>();
        services.AddSingleton<IPropagationTarget, EmailTarget>();
        services.AddSingleton<IPropagationTarget, SmsTarget>();
        services.AddSingleton<SendGridApi>();
        services.AddSingleton<TwilioApi>();
        services.AddHttpClient(SendGridApi.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        var twilio = services.AddHttpClient(TwilioApi.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        if (configuration["ConsentHub:Twilio:BaseUrl"] is { Length: > 0 } twilioBase)
            twilio.AddHttpMessageHandler(() => new BaseUrlHandler(new Uri(twilioBase)));
        return services;
    }
}
