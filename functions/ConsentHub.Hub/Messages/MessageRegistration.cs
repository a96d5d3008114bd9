using ConsentHub.Hub.Messages.Providers;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Hub.Messages;

public static class MessageRegistration
{
    /// The e-mail and SMS targets of propagation, the hub's own messages, and the providers' clients they call.
    public static IServiceCollection AddMessages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Outbox>();
        services.AddSingleton<IChangeMessages, OptOutMessages>();
        services.AddSingleton<IPropagationTarget, EmailTarget>();
        services.AddSingleton<IPropagationTarget, SmsTarget>();
        services.AddHttpClient<SendGridClient>(SendGridClient.HttpClientName, c =>
        {
            c.BaseAddress = new Uri((configuration["ConsentHub:SendGrid:BaseUrl"] ?? "https://api.sendgrid.com").TrimEnd('/') + "/");
            c.Timeout = TimeSpan.FromSeconds(30);
        });
        services.AddHttpClient<TwilioClient>(TwilioClient.HttpClientName, c =>
        {
            c.BaseAddress = new Uri((configuration["ConsentHub:Twilio:BaseUrl"] ?? "https://api.twilio.com").TrimEnd('/') + "/");
            c.Timeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }
}
