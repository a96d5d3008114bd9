using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Core;

namespace ConsentHub.Hub.ServiceBus;

/// `ConsentHub:ServiceBus:Namespace`: the fully qualified namespace (`{name}.servicebus.windows.net`), or an absolute
/// endpoint URL (tests point it at a stub on loopback).
public sealed record ServiceBusOptions(Uri Endpoint)
{
    public static ServiceBusOptions? From(IConfiguration configuration) =>
        configuration["ConsentHub:ServiceBus:Namespace"] is { Length: > 0 } ns
            ? new(Uri.TryCreate(ns, UriKind.Absolute, out var uri) ? uri : new Uri($"https://{ns}/"))
            : null;
}

/// Sends through Service Bus's REST API (`POST {namespace}/{topic}/messages`) with a Microsoft Entra token for the
/// hub's managed identity. Broker properties go in the `BrokerProperties` header; each application property is a
/// header of its own, its value a quoted string.
public sealed class ServiceBusRestSender(HttpClient http, TokenCredential credential, ServiceBusOptions options) : IServiceBusSender
{
    private static readonly string[] Scopes = ["https://servicebus.azure.net/.default"];

    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Endpoint, $"{Uri.EscapeDataString(message.Topic)}/messages"))
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        var broker = new Dictionary<string, string>();
        if (message.MessageId is { } id) broker["MessageId"] = id;
        // The header has whole seconds: rounded up, so a retry never comes before the time a provider's Retry-After asked for.
        if (message.ScheduledEnqueueTime is { } at) broker["ScheduledEnqueueTimeUtc"] = WholeSecondUp(at).ToString("R", CultureInfo.InvariantCulture);
        if (broker.Count > 0) request.Headers.TryAddWithoutValidation("BrokerProperties", JsonSerializer.Serialize(broker));
        foreach (var (name, value) in message.Properties ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, JsonSerializer.Serialize(value));
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new ServiceBusSendException($"Service Bus answered {(int)response.StatusCode} for a message to {message.Topic}");
    }

    private static DateTime WholeSecondUp(DateTimeOffset at) =>
        new((at.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
