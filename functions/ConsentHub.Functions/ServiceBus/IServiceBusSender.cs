namespace ConsentHub.Functions.ServiceBus;

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
