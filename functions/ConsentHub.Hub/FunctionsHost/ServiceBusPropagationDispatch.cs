using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.ServiceBus;

namespace ConsentHub.Hub.FunctionsHost;

/// In Azure: each new task is a message on the `propagation` topic, filtered to its target kind's subscription by the
/// `kind` property. The MessageId is stable per task, so Service Bus duplicate detection drops a repeated start.
public sealed class ServiceBusPropagationDispatch(IServiceBusSender sender) : IPropagationDispatch
{
    public async Task EnqueueAsync(IReadOnlyList<PropagationTask> tasks, DateTimeOffset dueAt, CancellationToken ct)
    {
        foreach (var task in tasks)
        {
            var body = JsonSerializer.Serialize(new PropagationTaskRef(task.Tenant, task.PropagationId, task.Target), Json.Options);
            await sender.SendAsync(new OutgoingMessage(PropagationFunction.Topic, body, $"{task.PropagationId}/{task.Target}/start", null,
                new Dictionary<string, string> { ["kind"] = PropagationFunction.KindOf(task.Target) }), ct);
        }
    }
}
