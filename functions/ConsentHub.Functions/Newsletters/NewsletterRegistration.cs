using ConsentHub.Functions.Messages;

namespace ConsentHub.Functions.Newsletters;

public static class NewsletterRegistration
{
    public static IServiceCollection AddNewsletters(this IServiceCollection services)
    {
        services.AddSingleton<IChangeMessages, ConfirmationMessages>();
        return services;
    }
}
