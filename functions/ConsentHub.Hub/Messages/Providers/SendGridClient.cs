using System.Net.Http.Headers;
using System.Net.Http.Json;
using ConsentHub.Contracts;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Hub.Messages.Providers;

/// SendGrid's v3 REST API: unsubscribe groups (ASM), global unsubscribes, and mail/send for the hub's own messages.
/// Base address from `ConsentHub:SendGrid:BaseUrl` (default https://api.sendgrid.com).
public sealed class SendGridClient(HttpClient http, TimeProvider clock)
{
    public const string HttpClientName = "sendgrid";

    public Task<DeliveryResult> AddGlobalUnsubscribesAsync(string apiKey, IReadOnlyList<string> emails, CancellationToken ct) =>
        SendAsync(apiKey, HttpMethod.Post, "v3/asm/suppressions/global", new { recipient_emails = emails }, "global unsubscribe", false, ct);

    public Task<DeliveryResult> RemoveGlobalUnsubscribeAsync(string apiKey, string email, CancellationToken ct) =>
        SendAsync(apiKey, HttpMethod.Delete, $"v3/asm/suppressions/global/{Uri.EscapeDataString(email)}", null, "remove global unsubscribe", true, ct);

    public Task<DeliveryResult> AddGroupSuppressionsAsync(string apiKey, long groupId, IReadOnlyList<string> emails, CancellationToken ct) =>
        SendAsync(apiKey, HttpMethod.Post, $"v3/asm/groups/{groupId}/suppressions", new { recipient_emails = emails }, "group suppression", false, ct);

    public Task<DeliveryResult> RemoveGroupSuppressionAsync(string apiKey, long groupId, string email, CancellationToken ct) =>
        SendAsync(apiKey, HttpMethod.Delete, $"v3/asm/groups/{groupId}/suppressions/{Uri.EscapeDataString(email)}", null, "remove group suppression", true, ct);

    public Task<DeliveryResult> SendMailAsync(string apiKey, string from, string? fromName, HubMessage message, string deliveryId, CancellationToken ct)
    {
        var content = new List<object> { new { type = "text/plain", value = message.Text } };
        if (message.Html is not null) content.Add(new { type = "text/html", value = message.Html });
        var body = new
        {
            personalizations = new[] { new { to = new[] { new { email = message.To } } } },
            from = new { email = from, name = fromName },
            subject = message.Subject ?? "",
            content,
            headers = message.Headers.Count == 0 ? null : message.Headers,
            custom_args = new Dictionary<string, string> { ["consenthub_delivery"] = deliveryId, ["consenthub_kind"] = message.Kind },
        };
        return SendAsync(apiKey, HttpMethod.Post, "v3/mail/send", body, "mail/send", false, ct);
    }

    private async Task<DeliveryResult> SendAsync(string apiKey, HttpMethod method, string path, object? body, string what, bool notFoundIsDone, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json.Options);
        using var response = await http.SendAsync(request, ct);
        return await ProviderResponses.ClassifyAsync(response, what, clock, notFoundIsDone);
    }
}
