using System.Globalization;
using System.Text.Json;
using Azure.Core;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests.Kit;

/// Propagation as on Azure, for a Cosmos DB leg under the Functions host: the change feed starts each propagation and
/// its tasks go out on Service Bus (a stand-in here); the relay hands every task on the bus to the hub's Service Bus
/// trigger as the host would, a scheduled retry not before its time, until none is left.
public sealed class BusRelay : IAsyncDisposable
{
    private StubServiceBus? _bus;
    private int _delivered;

    /// The relay's hubs share one database and its secrets: a hub started again finds what the first one stored.
    public string Database { get; } = CosmosServer.NewDatabase();
    public byte[][] Secrets { get; } = CosmosHub.NewSecrets();

    /// The hub on Cosmos DB under the Functions host, sending its propagation tasks to the relay's bus.
    public async Task<TestHub> StartHubAsync(CosmosServer server, IReadOnlyDictionary<string, string?>? extra = null)
    {
        _bus ??= await StubServiceBus.StartAsync();
        var settings = CosmosHub.Settings(server, Database, Secrets);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        settings["ConsentHub:ServiceBus:Namespace"] = _bus.Endpoint.ToString();
        return await TestHub.StartAsync(extra: settings,
            services: s => s.AddSingleton(server.Http).AddSingleton<TokenCredential>(new FixedToken("mi-token")));
    }

    /// Invokes the change-feed trigger with these streams, then the propagation triggers with every message on the bus.
    public async Task DeliverAsync(TestHub hub, params StreamId[] streams)
    {
        await StoreLegs.ChangeFeedAsync(hub, streams);
        using var host = hub.HostClient();
        while (_bus!.Messages.Skip(_delivered).FirstOrDefault() is { } message)
        {
            _delivered++;
            if (ScheduledAt(message) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait) await Task.Delay(wait);
            var kind = JsonSerializer.Deserialize<string>(message.Kind!)!;
            var function = "Propagate" + char.ToUpperInvariant(kind[0]) + kind[1..];
            var invocation = JsonSerializer.Serialize(new
            {
                Data = new { message = message.Body },
                Metadata = new { DeliveryCount = 1, sys = new { MethodName = function } },
            });
            using var response = await host.PostAsync("/" + function, Http.JsonBody(invocation));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static DateTimeOffset ScheduledAt(StubServiceBus.Received message) =>
        message.BrokerProperties is { } broker && JsonDocument.Parse(broker).RootElement.TryGetProperty("ScheduledEnqueueTimeUtc", out var at)
            ? DateTimeOffset.Parse(at.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : DateTimeOffset.MinValue;

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null) await _bus.DisposeAsync();
    }
}
