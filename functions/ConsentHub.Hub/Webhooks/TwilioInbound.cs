using ConsentHub.Hub.Security;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Webhooks;

/// `POST /api/v1/{tenant}/webhooks/twilio`: an inbound SMS. A stop word records an SMS direct-marketing objection for
/// the sender's number on that number's own stream (source `twilio`), a start word lifts it; the reply is TwiML.
public static class TwilioInbound
{
    public const string Source = "twilio";

    public static async Task<IResult> Receive(HttpContext http, string tenant, TenantRegistry tenants, TenantService tenantService, ContactWrites writes,
        PublicUrls urls, ILoggerFactory loggers, CancellationToken ct)
    {
        if (tenants.Find(tenant) is not { } entry) return Problems.NotFound($"No tenant '{tenant}'.");
        if (!http.Request.HasFormContentType)
            return Problems.Of(415, "unsupported-media-type", "Unsupported media type", "Twilio posts application/x-www-form-urlencoded.");
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            return Problems.Validation("$", "The body is not a valid form.");
        }
        var definition = entry.Catalog.Definition;
        var token = await tenantService.OpenSecretAsync(tenant, definition.Twilio?.AuthToken, ct);
        if (!TwilioSignature.IsValid(token, http.Request.Headers[TwilioSignature.Header], SignedUrl(http.Request, urls), form))
            return Problems.Of(403, "invalid-signature", "Signature not valid",
                "X-Twilio-Signature is missing or does not match this tenant's Twilio auth token and the URL Twilio called; nothing was recorded.");

        var body = form["Body"].ToString();
        var keyword = SmsReplies.KeywordOf(body);
        if (keyword == SmsKeyword.None) return SmsReplies.TwiML(null);
        if (Phone.Normalize(form["From"]) is not { } phone)
        {
            loggers.CreateLogger(typeof(TwilioInbound)).LogWarning("Twilio opt-out word for tenant {Tenant} from a sender that is not a phone number ignored", tenant);
            return SmsReplies.TwiML(null);
        }
        // MessageSid makes Twilio's retry of the same message record nothing twice; the hash keeps the number out of it.
        var sid = form["MessageSid"].ToString();
        var requestId = sid.Length > 0 ? $"{Source}:{sid}" : $"{Source}:auto:{Guid.NewGuid():N}";
        var hash = Hashes.Sha256Hex($"{Source} {keyword}");
        await writes.WriteAsync(tenant, new ContactPoint(ContactKind.Phone, phone), requestId, hash, Source, SubjectEndpoints.Origin(http.Request),
            (meta, _) => new LedgerCommand.RecordObjection(ObjectionScopes.DirectMarketing, Channels.Sms, keyword == SmsKeyword.Start, Evidence.None, meta), ct);
        return SmsReplies.TwiML(SmsReplies.Text(keyword, body, definition.DefaultLanguage, definition.Name));
    }

    /// The URL Twilio signed: `ConsentHub:PublicBaseUrl` (behind a proxy or TLS terminator) or the request's own
    /// scheme and host, then the path and query as received.
    public static string SignedUrl(HttpRequest request, PublicUrls urls)
    {
        var origin = urls.Configured is { } configured ? configured.ToString().TrimEnd('/') : $"{request.Scheme}://{request.Host}";
        return origin + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
    }
}
