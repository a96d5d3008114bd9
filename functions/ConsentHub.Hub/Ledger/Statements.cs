using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Ledger;

/// The rules of the statements a subject's stream takes, shared by the single routes and the bulk import, so a
/// statement is valid or not alike on both: problems go to `errors`, and the answer builds the command once the
/// stream's seal and the event's meta are known.
public static class Statements
{
    public static Func<EventMeta, Seal, LedgerCommand> ContactPoints(string tenant, ContactHasher hasher, ContactPointsRequest body, Errors errors)
    {
        var emails = Normalize(body.Emails, "emails", Email.Normalize, errors);
        var phones = Normalize(body.Phones, "phones", Phone.Normalize, errors);
        var push = Normalize(body.Push, "push", PushToken.Normalize, errors);
        return (meta, seal) => new LedgerCommand.ReplaceContactPoints(
            new(emails.Select(e => new ContactRef(hasher.Hash(tenant, new(ContactKind.Email, e)), seal(e)!.Value))),
            new(phones.Select(p => new ContactRef(hasher.Hash(tenant, new(ContactKind.Phone, p)), seal(p)!.Value))), meta,
            new(push.Select(t => new ContactRef(hasher.Hash(tenant, new(ContactKind.Push, t)), seal(t)!.Value))));
    }

    public static Func<EventMeta, Seal, LedgerCommand> Consent(ConsentRequest body, TenantCatalog catalog, Errors errors)
    {
        var purpose = catalog.Purpose(body.Purpose ?? "");
        if (body.Purpose is null) errors.Add("purpose", "is required");
        else if (purpose is null) errors.Add("purpose", $"'{body.Purpose}' is not a purpose of this tenant");
        if (purpose is not null && body.Channel is not null && !purpose.Channels.Contains(body.Channel))
            errors.Add("channel", $"must be one of the purpose's channels: {string.Join(", ", purpose.Channels)}");
        if (body.Granted is null) errors.Add("granted", "is required (true or false)");
        errors.Add("policyVersion", Ids.TextProblem(body.PolicyVersion, 64));
        Inputs.Source(errors, body.Source);
        Inputs.Evidence(errors, body.Evidence);
        var policy = body.PolicyVersion ?? catalog.Definition.PolicyVersion;   // every consent records the notice it was given under
        return (meta, seal) => new LedgerCommand.RecordConsent(body.Purpose!, body.Channel, body.Granted ?? false, policy, LedgerService.EvidenceOf(body.Evidence, seal), meta);
    }

    public static Func<EventMeta, Seal, LedgerCommand> Objection(ObjectionRequest body, TenantCatalog catalog, Errors errors)
    {
        if (body.Scope is null) errors.Add("scope", "is required");
        else if (!ObjectionScopes.Known.Contains(body.Scope) && catalog.Purpose(body.Scope) is null)
            errors.Add("scope", "must be direct-marketing, market-research, profiling, disclosure, directory-publishing, opinion-research, distance-selling or a purpose of this tenant");
        var channel = body.Channel ?? Channels.AllChannels;
        if (channel != Channels.AllChannels && !Channels.Known.Contains(channel)) errors.Add("channel", "must be email, sms, phone, post, push or all");
        Inputs.Source(errors, body.Source);
        Inputs.Evidence(errors, body.Evidence);
        return (meta, seal) => new LedgerCommand.RecordObjection(body.Scope!, channel, body.Lifted ?? false, LedgerService.EvidenceOf(body.Evidence, seal), meta);
    }

    private static List<string> Normalize(IReadOnlyList<string>? raw, string field, Func<string?, string?> normalize, Errors errors)
    {
        var values = new List<string>();
        foreach (var (value, i) in (raw ?? []).Select((v, i) => (v, i)))
        {
            if (normalize(value) is { } normal) { if (!values.Contains(normal)) values.Add(normal); }
            else errors.Add($"{field}[{i}]", field switch
            {
                "emails" => "is not a valid e-mail address",
                "phones" => "is not a valid phone number",
                _ => $"is not a push device token (1 to {PushToken.MaxLength} visible ASCII characters, no spaces)",
            });
        }
        if (values.Count > 20) errors.Add(field, "at most 20 per subject");
        return values;
    }
}
