using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Hub.Propagation;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace ConsentHub.Hub.Messages.Providers;

/// SendGrid through its SDK, for one tenant's api key at a time: unsubscribe-group (ASM) suppressions, and mail/send
/// for the hub's own messages. `ConsentHub:SendGrid:BaseUrl` (default https://api.sendgrid.com) is the SDK's Host.
public sealed class SendGridApi(IHttpClientFactory clients, IConfiguration configuration, TimeProvider clock)
{
    public const string HttpClientName = "sendgrid";

    private string Host => (configuration["ConsentHub:SendGrid:BaseUrl"] is { Length: > 0 } url ? url : "https://api.sendgrid.com").TrimEnd('/');

    public async Task<DeliveryResult> AddToGroupAsync(string apiKey, long groupId, IReadOnlyList<string> emails, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new { recipient_emails = emails }, Json.Options);
        var response = await Client(apiKey).RequestAsync(BaseClient.Method.POST, body, urlPath: $"asm/groups/{groupId}/suppressions", cancellationToken: ct);
        return await SendGridResponses.ClassifyAsync(response, $"group {groupId} suppression", clock);
    }

    /// Not suppressed there (404) is what a removal wants: done.
    public async Task<DeliveryResult> RemoveFromGroupAsync(string apiKey, long groupId, string email, CancellationToken ct)
    {
        var response = await Client(apiKey).RequestAsync(BaseClient.Method.DELETE, urlPath: $"asm/groups/{groupId}/suppressions/{Uri.EscapeDataString(email)}", cancellationToken: ct);
        return await SendGridResponses.ClassifyAsync(response, $"remove group {groupId} suppression", clock, notFoundIsDone: true);
    }

    /// The hub's own messages (confirmations, links, opt-out receipts) carry no unsubscribe group: a group would let a
    /// marketing suppression drop them, and they are what the person asked for or must be told.
    public async Task<DeliveryResult> SendAsync(string apiKey, string from, string? fromName, HubMessage message, string deliveryId, CancellationToken ct)
    {
        var mail = new SendGridMessage { From = new EmailAddress(from, fromName), Subject = message.Subject ?? "" };
        mail.AddTo(new EmailAddress(message.To));
        mail.AddContent(MimeType.Text, message.Text);
        if (message.Html is not null) mail.AddContent(MimeType.Html, message.Html);
        if (message.Headers.Count > 0) mail.AddHeaders(message.Headers.ToDictionary());
        // Message-wide, so SendGrid's Event Webhook names the delivery and kind in every event of this mail.
        mail.CustomArgs = new Dictionary<string, string> { ["consenthub_delivery"] = deliveryId, ["consenthub_kind"] = message.Kind };
        var response = await Client(apiKey).SendEmailAsync(mail, ct);
        return await SendGridResponses.ClassifyAsync(response, "mail/send", clock);
    }

    private SendGridClient Client(string apiKey) =>
        new(clients.CreateClient(HttpClientName), new SendGridClientOptions { ApiKey = apiKey, Host = Host, HttpErrorAsException = false });
}
