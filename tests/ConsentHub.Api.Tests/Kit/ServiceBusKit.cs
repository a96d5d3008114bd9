using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using NSubstitute;

namespace ConsentHub.Api.Tests.Kit;

/// Service Bus has no local server here, so the hub's `ServiceBusSender` for `preference-events` is an NSubstitute
/// substitute: it keeps every message it is handed, or throws what `Fail` gives for the n-th send (n from 1).
public sealed class CapturingServiceBus
{
    private int _sends;

    public CapturingServiceBus()
    {
        Sender = Substitute.For<ServiceBusSender>();
        Sender.SendMessageAsync(Arg.Any<ServiceBusMessage>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var n = Interlocked.Increment(ref _sends);
            if (Fail?.Invoke(n) is { } error) return Task.FromException(error);
            Messages.Enqueue(call.Arg<ServiceBusMessage>());
            return Task.CompletedTask;
        });
    }

    public ServiceBusSender Sender { get; }
    public ConcurrentQueue<ServiceBusMessage> Messages { get; } = new();
    public Func<int, Exception?>? Fail { get; set; }
    public int Sends => _sends;

    /// The settings that turn the topic on (a namespace no test reaches: the substitute stands in for its sender).
    public static Dictionary<string, string?> Settings => new() { ["ConsentHub:ServiceBus:Namespace"] = "consenthub-test.servicebus.windows.net" };

    public void Register(IServiceCollection services) => services.AddSingleton(Sender);
}
