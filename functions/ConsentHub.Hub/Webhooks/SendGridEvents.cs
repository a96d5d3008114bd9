using ConsentHub.Hub.Security;
using System.Text.Json;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Webhooks;

/// `POST /api/v1/{tenant}/webhooks/sendgrid`: SendGrid's signed Event Webhook. Opt-outs people make in SendGrid
/// (unsubscribe, spam report, leaving a newsletter's or a marketing unsubscribe group) and resubscribes become statements on the e-mail
/// address's own stream, source `sendgrid`, each once per `sg_event_id` however often SendGrid retries the batch.
public sealed class SendGridEvents(ContactWrites writes, ILogger<SendGridEvents> logger)
{
    public const string Source = "sendgrid";
    /// SendGrid batches events; its batches stay well under this, which is above the hub's general 256 KiB.
    public const int MaxBytes = 1024 * 1024;

    public static async Task<IResult> Receive(HttpContext http, string tenant, TenantRegistry tenants, SendGridEvents events,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (tenants.Find(tenant) is not { } entry) return Problems.NotFound($"No tenant '{tenant}'.");
        if (await ReadAsync(http, ct) is not { } body)
            return Problems.Of(413, "payload-too-large", "Payload too large", $"SendGrid batches are limited to {MaxBytes / 1024} KiB.");
        var timestamp = http.Request.Headers[SendGridSignature.TimestampHeader].ToString();
        if (!SendGridSignature.Verify(entry.Catalog.Definition.Sendgrid?.WebhookPublicKey, http.Request.Headers[SendGridSignature.SignatureHeader], timestamp, body)
            || !SendGridSignature.IsFresh(timestamp, clock.GetUtcNow(), TimeSpan.FromSeconds(options.Value.SendGridToleranceSeconds)))
            return Problems.Of(401, "invalid-signature", "Signature not valid",
                "The SendGrid event signature is missing, does not verify with this tenant's sendgrid.webhookPublicKey, or its timestamp is stale; nothing was recorded.");

        JsonDocument batch;
        try
        {
            batch = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Problems.Validation("$", "The body is not valid JSON.");
        }
        using (batch)
        {
            if (batch.RootElement.ValueKind != JsonValueKind.Array) return Problems.Validation("$", "A JSON array of SendGrid events is required.");
            var origin = SubjectEndpoints.Origin(http.Request);
            foreach (var item in batch.RootElement.EnumerateArray())
                await events.RecordAsync(tenant, entry.Catalog, item, origin, ct);
        }
        return TypedResults.NoContent();
    }

    private async Task RecordAsync(string tenant, TenantCatalog catalog, JsonElement item, string origin, CancellationToken ct)
    {
        var type = Text(item, "event");
        Func<EventMeta, LedgerCommand>? command = type switch
        {
            "unsubscribe" or "spamreport" => meta => new LedgerCommand.RecordObjection(ObjectionScopes.DirectMarketing, Channels.Email, false, Evidence.None, meta),
            // Leaving one of the tenant's marketing groups (the unsubscribe link of a marketing mail) is a ban on marketing
            // e-mail, and rejoining one lifts it, as the hub puts a ban into those groups and takes a lift out of them.
            "group_unsubscribe" or "group_resubscribe" when IsMarketingGroup(catalog, item) => meta =>
                new LedgerCommand.RecordObjection(ObjectionScopes.DirectMarketing, Channels.Email, type == "group_resubscribe", Evidence.None, meta),
            "group_unsubscribe" or "group_resubscribe" => ListOf(catalog, item) is not { } list ? null
                : type == "group_unsubscribe" ? meta => new LedgerCommand.Unsubscribe(list, Evidence.None, meta)
                : meta => new LedgerCommand.Subscribe(list, null, true, Evidence.None, meta),   // resubscribed in SendGrid: a confirmed subscription
            _ => null,   // deliveries, opens, bounces…: not statements of the person's will
        };
        if (command is null) return;
        if (Email.Normalize(Text(item, "email")) is not { } email)
        {
            logger.LogWarning("SendGrid {Event} event for tenant {Tenant} without a valid e-mail address ignored", type, tenant);
            return;
        }
        // The event id makes a retried batch record nothing twice; the hash keeps personal data out of it.
        var what = $"{Source} {type} {GroupId(item)}";
        var requestId = $"{Source}:{Text(item, "sg_event_id") ?? Hashes.Sha256Hex(item.GetRawText())}";
        var hash = Hashes.Sha256Hex(what);
        await writes.WriteAsync(tenant, new ContactPoint(ContactKind.Email, email), requestId, hash, Source, origin, (meta, _) => command(meta), ct);
    }

    private string? ListOf(TenantCatalog catalog, JsonElement item)
    {
        var group = GroupId(item);
        var list = group is null ? null : catalog.Definition.Newsletters.FirstOrDefault(n => n.SendgridGroupId == group);
        if (list is null) logger.LogWarning("SendGrid event for unsubscribe group {Group}, which no newsletter of tenant {Tenant} names, ignored", group, catalog.Definition.Id);
        return list?.Id;
    }

    private static bool IsMarketingGroup(TenantCatalog catalog, JsonElement item) =>
        GroupId(item) is { } group && (catalog.Definition.Sendgrid?.MarketingGroupIds ?? default).Contains(group);

    private static long? GroupId(JsonElement item) =>
        item.TryGetProperty("asm_group_id", out var g) && g.ValueKind == JsonValueKind.Number && g.TryGetInt64(out var id) ? id : null;

    private static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// The raw bytes exactly as signed; null when over the limit.
    private static async Task<byte[]?> ReadAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBytes;
        if (http.Request.ContentLength > MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBytes) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }
}
