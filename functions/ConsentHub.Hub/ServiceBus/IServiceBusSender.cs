namespace ConsentHub.Hub.ServiceBus;

/// A message for a Service Bus topic with what the Functions output binding cannot set: a MessageId (duplicate
/// detection), a scheduled enqueue time (retry backoff) and application properties (subscription filters).
public sealed record OutgoingMessage(
    string Topic,
    string Body,
    string? MessageId = null,
    DateTimeOffset? ScheduledEnqueueTime = null,
    IReadOnlyDictionary<string, string>? Properties = null);

public interface IServiceBusSender
{
    /// Returns once Service Bus accepted the message; throws ServiceBusSendException otherwise.
    Task SendAsync(OutgoingMessage message, CancellationToken ct);
}

public sealed class ServiceBusSendException(string message) : Exception(message);

/// Without `ConsentHub:ServiceBus:Namespace` nothing can be sent: every send fails as Service Bus refusing would,
/// so a retry is left to the trigger's own redelivery.
public sealed class NoServiceBus : IServiceBusSender
{
    public Task SendAsync(OutgoingMessage message, CancellationToken ct) =>
        throw new ServiceBusSendException("No Service Bus is configured (ConsentHub:ServiceBus:Namespace)");
}
