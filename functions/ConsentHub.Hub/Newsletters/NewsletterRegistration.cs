using ConsentHub.Hub.Messages;

namespace ConsentHub.Hub.Newsletters;

public static class NewsletterRegistration
{
    public static IServiceCollection AddNewsletters(this IServiceCollection services)
    {
        services.AddSingleton<IChangeMessages, ConfirmationMessages>();
        return services;
    }
}
