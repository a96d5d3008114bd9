using System.Security.Cryptography;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Catalog;

/// Checks a tenant definition; answers field → messages, empty when valid.
public static class TenantValidation
{
    public static Dictionary<string, string[]> Validate(TenantDefinition t)
    {
        var errors = new Errors();
        TenantShape.Validate(t, errors);
        if (errors.Any) return errors.ToDictionary();   // the checks below read every member
        errors.Add("id", Ids.Problem(t.Id));
        if (t.Id is "admin") errors.Add("id", "is reserved");
        if (string.IsNullOrWhiteSpace(t.Name)) errors.Add("name", "is required");
        errors.Add("name", Ids.TextProblem(t.Name, 200));
        if (t.BusinessId is not null && !BusinessId.IsValid(t.BusinessId)) errors.Add("businessId", "is not a valid Finnish business id (Y-tunnus)");
        foreach (var (lang, i) in t.Languages.Select((l, i) => (l, i)))
            if (!Languages.Supported.Contains(lang)) errors.Add($"languages[{i}]", "must be fi, sv or en");
        if (!Languages.Supported.Contains(t.DefaultLanguage)) errors.Add("defaultLanguage", "must be fi, sv or en");
        if (t.PolicyVersion is { Length: > 64 }) errors.Add("policyVersion", "must be at most 64 characters");
        ValidatePurposes(t, errors);
        ValidateIds(t.Newsletters.Select(n => n.Id), "newsletters", errors);
        ValidateIds(t.CookieCategories.Select(c => c.Id), "cookieCategories", errors);
        foreach (var (origin, i) in t.AllowedOrigins.Select((o, i) => (o, i)))
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
                errors.Add($"allowedOrigins[{i}]", "must be an origin such as https://www.example.fi");
        if (t.Sendgrid?.FromEmail is { } from && Email.Normalize(from) is null) errors.Add("sendgrid.fromEmail", "is not a valid e-mail address");
        if (t.PrivacyContactEmail is { } contact && Email.Normalize(contact) is null) errors.Add("privacyContactEmail", "is not a valid e-mail address");
        if (t.Twilio?.From is { } sms && Phone.Normalize(sms) is null) errors.Add("twilio.from", "is not a valid phone number");
        // A key that cannot verify would silently refuse every SendGrid report: refuse it here instead.
        if (t.Sendgrid?.WebhookPublicKey is { } key && !IsP256PublicKey(key))
            errors.Add("sendgrid.webhookPublicKey", "must be a base64 DER (SubjectPublicKeyInfo) ECDSA P-256 public key, as SendGrid shows it");
        ValidateSendGridGroups(t, errors);
        if (t.Group is { } group) errors.Add("group.id", Ids.Problem(group.Id));
        Banner.BannerValidation.Validate(t, errors);
        Retention.RetentionPeriods.Validate(t.Retention, errors);
        return errors.ToDictionary();
    }

    /// ASM group ids are positive 32-bit numbers in SendGrid's API. With an api key the marketing groups are required: without
    /// them a direct-marketing prohibition could not reach SendGrid at all (a global unsubscribe would also stop service notices).
    private static void ValidateSendGridGroups(TenantDefinition t, Errors errors)
    {
        var groups = t.Sendgrid?.MarketingGroupIds ?? EquatableArray<long>.Empty;
        if (t.Sendgrid?.ApiKey is not null && groups.Count == 0)
            errors.Add("sendgrid.marketingGroupIds", "is required with sendgrid.apiKey: the unsubscribe groups (ASM group ids) a direct-marketing prohibition on e-mail joins");
        foreach (var (id, i) in groups.Select((g, i) => (g, i)))
            if (id is < 1 or > int.MaxValue) errors.Add($"sendgrid.marketingGroupIds[{i}]", "must be a SendGrid unsubscribe group id (a positive whole number)");
        foreach (var (n, i) in t.Newsletters.Select((n, i) => (n, i)))
        {
            if (n.SendgridGroupId is { } id && id is < 1 or > int.MaxValue)
                errors.Add($"newsletters[{i}].sendgridGroupId", "must be a SendGrid unsubscribe group id (a positive whole number)");
            // A list's own group holds its unsubscribes; shared with the marketing groups, lifting a ban would undo a list's unsubscribe.
            if (n.SendgridGroupId is { } shared && groups.Contains(shared))
                errors.Add($"newsletters[{i}].sendgridGroupId", "must not be one of sendgrid.marketingGroupIds: a newsletter keeps its own group");
        }
    }

    private static bool IsP256PublicKey(string base64)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(base64), out _);
            return ecdsa.ExportParameters(false).Curve.Oid.Value == "1.2.840.10045.3.1.7";
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private static void ValidatePurposes(TenantDefinition t, Errors errors)
    {
        ValidateIds(t.Purposes.Select(p => p.Id), "purposes", errors);
        foreach (var (p, i) in t.Purposes.Select((p, i) => (p, i)))
        {
            if (!LegalBases.All.Contains(p.LegalBasis))
                errors.Add($"purposes[{i}].legalBasis", "must be consent, legitimate-interest, contract or legal-obligation");
            if (p.Channels.Count == 0) errors.Add($"purposes[{i}].channels", "must name at least one channel");
            foreach (var c in p.Channels)
                if (!Channels.Known.Contains(c)) errors.Add($"purposes[{i}].channels", $"'{c}' is not one of email, sms, phone, post, push");
            foreach (var b in p.Bans ?? default)
                if (!ObjectionScopes.Known.Contains(b))
                    errors.Add($"purposes[{i}].bans", $"'{b}' is not one of {string.Join(", ", ObjectionScopes.Known.Order(StringComparer.Ordinal))}");
            if (p.Id.StartsWith(TenantCatalog.NewsletterPrefix, StringComparison.Ordinal)) errors.Add($"purposes[{i}].id", "must not start with newsletter:");
        }
    }

    private static void ValidateIds(IEnumerable<string> ids, string field, Errors errors)
    {
        var seen = new HashSet<string>();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            errors.Add($"{field}[{i}].id", Ids.Problem(id));
            if (!seen.Add(id)) errors.Add($"{field}[{i}].id", "is a duplicate");
        }
    }
}

/// Collects validation messages per field (the `errors` member of a problem details answer).
public sealed class Errors
{
    private readonly Dictionary<string, List<string>> _byField = [];

    public bool Any => _byField.Count > 0;

    public void Add(string field, string? message)
    {
        if (message is null) return;
        if (!_byField.TryGetValue(field, out var list)) _byField[field] = list = [];
        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _byField.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
}
