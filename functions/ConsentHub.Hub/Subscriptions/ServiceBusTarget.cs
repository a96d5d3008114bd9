using System.Text.Json;
using Azure.Messaging.ServiceBus;
using ConsentHub.Contracts;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Hub.Subscriptions;

/// Target `servicebus`: publishes each change's CloudEvent (the one CRMs get by webhook) to the `preference-events` topic.
/// MessageId = the CloudEvent id, so the topic's duplicate detection drops the repeat of a retried send; the type and
/// tenant ride as application properties so a CRM's subscription can filter without reading bodies.
public sealed class ServiceBusTarget(ServiceBusSender sender) : IPropagationTarget
{
    public const string Name = "servicebus";
    public const string Topic = "preference-events";

    public IEnumerable<string> TargetsFor(ChangeContext change) => change.CloudEvent is null ? [] : [Name];

    public bool MayCare(ChangeHead head) => Feed.EventViews.WithCloudEvent.Contains(head.Event);

    public bool Handles(string target) => target == Name;

    public async Task<DeliveryResult> DeliverAsync(string target, ChangeContext change, string deliveryId, CancellationToken ct)
    {
        if (change.CloudEvent is not { } cloudEvent) return new DeliveryResult.Accepted("no-cloudevent");
        var message = new ServiceBusMessage(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(cloudEvent, Json.Options)))
        {
            MessageId = cloudEvent.Id,
            ContentType = "application/cloudevents+json",
            Subject = cloudEvent.Type,
        };
        message.ApplicationProperties["type"] = cloudEvent.Type;
        message.ApplicationProperties["tenant"] = change.Tenant;
        if (cloudEvent.Subject is { } subject) message.ApplicationProperties["subject"] = subject;
        try
        {
            await sender.SendMessageAsync(message, ct);
            return new DeliveryResult.Accepted(cloudEvent.Id);
        }
        catch (Exception ex) when (ServiceBusFailures.Classify(ex) is { } result)
        {
            return result;
        }
    }
}

/// What a failed send means for the propagation: retry what the broker says will pass, dead-letter what never will.
public static class ServiceBusFailures
{
    public static DeliveryResult? Classify(Exception error) => error switch
    {
        ServiceBusException { Reason: ServiceBusFailureReason.MessageSizeExceeded or ServiceBusFailureReason.MessagingEntityNotFound
            or ServiceBusFailureReason.MessagingEntityDisabled } sb => new DeliveryResult.Permanent($"Service Bus {sb.Reason}: {sb.Message}"),
        ServiceBusException { Reason: ServiceBusFailureReason.ServiceBusy or ServiceBusFailureReason.QuotaExceeded } sb =>
            new DeliveryResult.Transient($"Service Bus {sb.Reason}: {sb.Message}", sb.Reason == ServiceBusFailureReason.ServiceBusy ? TimeSpan.FromSeconds(10) : null),
        ServiceBusException sb => sb.IsTransient
            ? new DeliveryResult.Transient($"Service Bus {sb.Reason}: {sb.Message}")
            : new DeliveryResult.Permanent($"Service Bus {sb.Reason}: {sb.Message}"),
        // The identity lacks the Azure Service Bus Data Sender role on the topic: an operator must grant it.
        UnauthorizedAccessException denied => new DeliveryResult.Permanent($"Service Bus refused the hub's identity: {denied.Message}"),
        // No token yet (managed identity endpoint busy, a role just assigned): worth another try.
        Azure.Identity.AuthenticationFailedException auth => new DeliveryResult.Transient($"no token for Service Bus: {auth.Message}"),
        TimeoutException timeout => new DeliveryResult.Transient($"Service Bus timed out: {timeout.Message}"),
        _ => null,
    };
}
