using System.Security.Cryptography;
using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Imports;

/// One valid line, ready to write: to a subject's stream or a bare contact point's, with the line's hash as the
/// request hash (so a different line under the same import id and number is told apart from a replay).
public sealed record ImportWork(long Line, string Person, StreamId? Subject, ContactPoint? Contact, string Hash, string? Source, DateTimeOffset? At,
    Func<EventMeta, Seal, LedgerCommand> Build);

/// Reads one NDJSON line into a statement with the rules of its single route (Statements, Inputs).
public sealed class ImportStatements(ContactHasher hasher, TimeProvider clock)
{
    public const string ContactPointsType = "contact-points", ObjectionType = "objection", ConsentType = "consent", NewsletterType = "newsletter";

    public static string HashOf(ReadOnlySpan<byte> line) => Convert.ToHexStringLower(SHA256.HashData(line));

    public (ImportWork? Work, Dictionary<string, string[]>? Errors) Read(string tenant, TenantCatalog catalog, long number, ReadOnlySpan<byte> line, string hash)
    {
        ImportLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<ImportLine>(line, Json.Options);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "$" : ex.Path.TrimStart('$', '.');
            return (null, new() { [field] = [field == "$" ? "The line is not a JSON object." : "Has the wrong type or is not valid JSON."] });
        }
        if (parsed is null) return (null, new() { ["$"] = ["The line is not a JSON object."] });
        var errors = new Errors();
        var (person, subject, contact) = Person(tenant, parsed, errors);
        if (parsed.At is { } at && at > clock.GetUtcNow().AddMinutes(5)) errors.Add("at", "must not be in the future");
        var build = Statement(tenant, catalog, parsed, errors);
        if (errors.Any || build is null) return (null, errors.ToDictionary());
        return (new ImportWork(number, person!, subject, contact, hash, parsed.Source, parsed.At?.ToUniversalTime(), build), null);
    }

    private Func<EventMeta, Seal, LedgerCommand>? Statement(string tenant, TenantCatalog catalog, ImportLine line, Errors errors)
    {
        switch (line.Type)
        {
            case ContactPointsType:
                // Contact points are recorded as of the import: retention of inactive contacts counts from then.
                if (line.At is not null) errors.Add("at", "is not taken for contact-points, which are recorded as of the import");
                Inputs.Source(errors, line.Source);
                return Statements.ContactPoints(tenant, hasher, new ContactPointsRequest(line.Emails, line.Phones, line.Push), errors);
            case ObjectionType:
                return Statements.Objection(new ObjectionRequest(line.Scope, line.Channel, line.Lifted, line.Source, line.Evidence), catalog, errors);
            case ConsentType:
                return Statements.Consent(new ConsentRequest(line.Purpose, line.Channel, line.Granted, line.Source, line.PolicyVersion, line.Evidence), catalog, errors);
            case NewsletterType:
                return Newsletter(catalog, line, errors);
            default:
                errors.Add("type", line.Type is null ? "is required" : "must be contact-points, objection, consent or newsletter");
                return null;
        }
    }

    /// A newsletter state as the register had it: `subscribed: true` is a confirmed subscription (the controller holds
    /// its proof, e.g. an earlier double opt-in, as evidence), so no confirmation e-mail goes out for it.
    private static Func<EventMeta, Seal, LedgerCommand>? Newsletter(TenantCatalog catalog, ImportLine line, Errors errors)
    {
        var list = catalog.Newsletter(line.Newsletter ?? "");
        if (line.Newsletter is null) errors.Add("newsletter", "is required");
        else if (list is null) errors.Add("newsletter", $"'{line.Newsletter}' is not a newsletter of this tenant");
        if (line.Subscribed is null) errors.Add("subscribed", "is required (true or false)");
        if (line.Language is not null && !catalog.Definition.Languages.Contains(line.Language))
            errors.Add("language", $"must be one of the tenant's languages: {string.Join(", ", catalog.Definition.Languages)}");
        Inputs.Source(errors, line.Source);
        Inputs.Evidence(errors, line.Evidence);
        if (list is null) return null;
        var language = line.Language ?? catalog.Definition.DefaultLanguage;
        return (meta, seal) => line.Subscribed == true
            ? new LedgerCommand.Subscribe(list.Id, language, true, LedgerService.EvidenceOf(line.Evidence, seal), meta)
            : new LedgerCommand.Unsubscribe(list.Id, LedgerService.EvidenceOf(line.Evidence, seal), meta);
    }

    /// Whom the line is about: a subject, or for a statement about an address with no known subject, one contact point.
    private static (string? Person, StreamId? Subject, ContactPoint? Contact) Person(string tenant, ImportLine line, Errors errors)
    {
        var named = (line.SubjectId is null ? 0 : 1) + (line.Email is null ? 0 : 1) + (line.Phone is null ? 0 : 1);
        if (line.Type == ContactPointsType && line.SubjectId is null) { errors.Add("subjectId", "is required for contact-points"); return default; }
        if (named != 1) { errors.Add("subjectId", "name the person by exactly one of subjectId, email or phone"); return default; }
        if (line.SubjectId is { } id)
        {
            if (Ids.Problem(id) is { } problem) { errors.Add("subjectId", problem); return default; }
            return ("s:" + id, StreamId.Subject(tenant, id), null);
        }
        ContactPoint? contact = line.Email is { } email
            ? Email.Normalize(email) is { } e ? new ContactPoint(ContactKind.Email, e) : null
            : Phone.Normalize(line.Phone) is { } p ? new ContactPoint(ContactKind.Phone, p) : null;
        if (contact is not { } c)
        {
            errors.Add(line.Email is null ? "phone" : "email", line.Email is null ? "is not a valid phone number" : "is not a valid e-mail address");
            return default;
        }
        return ("c:" + c.KindName + ":" + c.Value, null, c);
    }
}
