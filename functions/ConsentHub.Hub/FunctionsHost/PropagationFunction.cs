using System.Text.Json;
using System.Text.Json.Serialization;
using ConsentHub.Contracts;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.ServiceBus;

namespace ConsentHub.Hub.FunctionsHost;

/// The body of a message on the `propagation` topic: which task to run. `Attempt` counts the retries scheduled
/// before this message (absent on the first), since a scheduled retry is a new message whose DeliveryCount starts at 1.
public sealed record PropagationTaskRef(string? Tenant, string? PropagationId, string? Target, int? Attempt = null);

/// `POST /Propagate{Kind}`: a Service Bus trigger on the `propagation` topic's subscription for one target kind.
/// Delivered or permanently failed: 200 (the message completes; the runner recorded the outcome). A transient failure
/// schedules the next attempt through the REST sender at the time the runner names, with a MessageId per attempt (so a handler that
/// crashes after scheduling cannot schedule twice), then completes. Anything else answers non-2xx, so Service Bus
/// redelivers and finally dead-letters the message.
public static class PropagationFunction
{
    public const string Topic = "propagation";
    public const int MaxScheduledRetries = 10;

    public static async Task<IResult> HandleAsync(HttpContext http, string kind, IPropagationRunner runner, IServiceBusSender sender, TimeProvider clock, CancellationToken ct)
    {
        var (invocation, problem) = await Invocation.ReadAsync(http);
        if (problem is not null) return problem;
        if (Parse(invocation!.Value(FunctionNames.MessageBinding)) is not { } task)
            return Problems.Validation("Data.message", "A propagation message is { \"tenant\", \"propagationId\", \"target\" }.");
        if (KindOf(task.Target!) != kind)
            return Problems.Validation("Data.message.target", $"Target '{task.Target}' does not belong to the '{kind}' subscription.");
        var deliveryCount = invocation.MetaInt("DeliveryCount") ?? 1;
        var attempt = (task.Attempt ?? 0) + deliveryCount;

        var result = await runner.RunAsync(task.Tenant!, task.PropagationId!, task.Target!, ct);
        var what = $"{task.Tenant}/{task.PropagationId} → {task.Target}, attempt {attempt}";
        switch (result)
        {
            case DeliveryResult.Accepted accepted:
                return InvocationResult.Ok([$"Delivered {what}{(accepted.ProviderRef is { } r ? $" ({r})" : "")}"], "accepted");
            case DeliveryResult.Permanent permanent:
                return InvocationResult.Ok([$"Permanent failure of {what}: {permanent.Why}; recorded by the runner, not retried"], "permanent");
            case DeliveryResult.Transient transient:
                return await ScheduleRetryAsync(sender, task, kind, transient, what, clock, ct);
            default:
                throw new InvalidOperationException($"Unhandled {result}");
        }
    }

    private static async Task<IResult> ScheduleRetryAsync(IServiceBusSender sender, PropagationTaskRef task, string kind,
        DeliveryResult.Transient transient, string what, TimeProvider clock, CancellationToken ct)
    {
        var retries = task.Attempt ?? 0;
        if (retries >= MaxScheduledRetries)
            return Problems.Of(503, "propagation-retry", "Delivery failed for now",
                $"Transient failure of {what}: {transient.Why}; left to Service Bus redelivery and its dead-letter queue.");
        var at = clock.GetUtcNow() + (transient.RetryAfter ?? TimeSpan.Zero);
        var next = task with { Attempt = retries + 1 };
        try
        {
            await sender.SendAsync(new OutgoingMessage(Topic, JsonSerializer.Serialize(next, Json.Options),
                $"{task.PropagationId}/{task.Target}/{retries + 1}", at, new Dictionary<string, string> { ["kind"] = kind }), ct);
        }
        catch (Exception ex) when (ex is ServiceBusSendException or HttpRequestException)
        {
            return Problems.Of(503, "propagation-retry", "Retry could not be scheduled", $"{what}: {ex.Message}; the message will be redelivered.");
        }
        return InvocationResult.Ok([$"Transient failure of {what}: {transient.Why}; retry {retries + 1} scheduled for {at:O}"], "retry-scheduled");
    }

    /// `webhook:{id}` belongs to the webhook subscription; every other target is its own kind.
    public static string KindOf(string target) => target.Split(':', 2)[0];

    private static PropagationTaskRef? Parse(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } value) return null;
        try
        {
            var task = value.Deserialize<PropagationTaskRef>(Json.Options);
            return task is { Tenant.Length: > 0, PropagationId.Length: > 0, Target.Length: > 0 } && task.Attempt is null or >= 0 ? task : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
