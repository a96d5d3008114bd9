using Azure.Identity;
using Azure.Messaging.ServiceBus;
using ConsentHub.Hub.Propagation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentHub.Hub.Subscriptions;

public static class ServiceBusRegistration
{
    public const string NamespaceSetting = "ConsentHub:ServiceBus:Namespace";

    /// With `ConsentHub:ServiceBus:Namespace` (the fully qualified namespace, `{name}.servicebus.windows.net`), every change's
    /// CloudEvent is also published to the `preference-events` topic, on either host. The client signs in with
    /// DefaultAzureCredential (a user-assigned identity is chosen by AZURE_CLIENT_ID). A client or sender registered
    /// before this (a test's substitute) is used as it is.
    public static IServiceCollection AddServiceBusTopic(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[NamespaceSetting] is not { Length: > 0 } ns) return services;
        var host = Uri.TryCreate(ns, UriKind.Absolute, out var uri) ? uri.Host : ns.Trim().TrimEnd('/');
        services.TryAddSingleton(_ => new ServiceBusClient(host, new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = configuration["AZURE_CLIENT_ID"] is { Length: > 0 } id ? id : null,
        })));
        services.TryAddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateSender(ServiceBusTarget.Topic));
        services.AddSingleton<IPropagationTarget, ServiceBusTarget>();
        return services;
    }
}
