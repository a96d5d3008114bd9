using ConsentHub.Functions.Messages;
using ConsentHub.Functions.Projections.Views;
using ConsentHub.Functions.Providers;
using ConsentHub.Functions.Storage;
using ConsentHub.Functions.Storage.Cosmos;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentHub.Functions.Propagation;

public static class PropagationRegistration
{
    public static IServiceCollection AddPropagation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PropagationOptions>().BindConfiguration(PropagationOptions.Section)
            .Validate(o => o.MaxAttempts >= 1 && o.Parallelism >= 1 && o.BaseDelay > TimeSpan.Zero, "ConsentHub:Propagation needs MaxAttempts ≥ 1, Parallelism ≥ 1 and a positive BaseDelay")
            .ValidateOnStart();
        if (StorageRegistration.IsCosmos(configuration))
        {
            if (!FunctionsHost.HostCalls.UnderHost(configuration))
            {
                // The self-hosted server: its change-feed reader starts propagations, and a queue in Cosmos DB shared by
                // every instance holds their tasks.
                services.AddSingleton<CosmosPropagationQueue>();
                services.AddSingleton<IPropagationQueue>(sp => sp.GetRequiredService<CosmosPropagationQueue>());
                services.AddSingleton<IPropagationDispatch>(sp => sp.GetRequiredService<CosmosPropagationQueue>());
                services.AddHostedService<PropagationWorker>();
            }
            // Azure Functions: the change-feed function starts propagations and Service Bus triggers run their tasks.
            else if (ServiceBus.ServiceBusOptions.From(configuration) is not null)
                services.AddSingleton<IPropagationDispatch, ServiceBusPropagationDispatch>();
        }
        else
        {
            services.AddSingleton<SqlitePropagationQueue>();
            services.AddSingleton<IPropagationQueue>(sp => sp.GetRequiredService<SqlitePropagationQueue>());
            services.AddSingleton<IPropagationDispatch>(sp => sp.GetRequiredService<SqlitePropagationQueue>());
            services.AddSingleton<ICheckpointStore>(sp => sp.GetRequiredService<SqlitePropagationQueue>());
            services.AddHostedService<PropagationWorker>();
        }
        services.AddSingleton<IViewProjector>(PropagationViews.Projector);
        services.AddSingleton<PropagationViews>();
        services.AddSingleton<ChangeContexts>();
        services.AddSingleton<PropagationStarter>();
        services.AddSingleton<PropagationRunner>();
        services.TryAddSingleton<IPropagationRunner>(sp => sp.GetRequiredService<PropagationRunner>());
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
