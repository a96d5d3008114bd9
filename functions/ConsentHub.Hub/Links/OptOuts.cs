using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Hub.Links;

/// What an unsubscribe link records, and whether it is already in effect (then a click records nothing).
public static class OptOuts
{
    /// Links are for e-mail: an opt-out from one covers the e-mail channel.
    public const string Channel = Channels.Email;

    public static bool InEffect(LinkClaims claims, TenantCatalog catalog, IReadOnlyCollection<PartyState> states)
    {
        if (claims.ListId is { } list) return Unsubscribed(list, states);
        var purpose = catalog.Purpose(claims.Purpose!)!;
        if (purpose.Id == ObjectionScopes.DirectMarketing || purpose.LegalBasis != LegalBases.Consent)
            return states.Any(s => s.Objects(purpose.Id, Channel));
        var latest = states.SelectMany(s => new[] { s.Consents.GetValueOrDefault(new(purpose.Id, Channel)), s.Consents.GetValueOrDefault(new(purpose.Id, null)) })
            .OfType<ConsentEntry>().MaxBy(c => c.Since);
        return latest is not { Granted: true };
    }

    public static LedgerCommand Command(LinkClaims claims, TenantCatalog catalog, EventMeta meta, Evidence evidence)
    {
        if (claims.ListId is { } list) return new LedgerCommand.Unsubscribe(list, evidence, meta);
        var purpose = catalog.Purpose(claims.Purpose!)!;
        return purpose.Id != ObjectionScopes.DirectMarketing && purpose.LegalBasis == LegalBases.Consent
            ? new LedgerCommand.RecordConsent(purpose.Id, purpose.Channels.Contains(Channel) ? Channel : null, false, catalog.Definition.PolicyVersion, evidence, meta)
            : new LedgerCommand.RecordObjection(purpose.Id, Channel, false, evidence, meta);
    }

    /// Unsubscribed and not confirmed or asked for again since.
    public static bool Unsubscribed(string list, IReadOnlyCollection<PartyState> states)
    {
        var entries = states.Select(s => s.Newsletters.GetValueOrDefault(list)).OfType<NewsletterEntry>().ToList();
        var unsubscribed = entries.Max(e => e.UnsubscribedAt);
        return unsubscribed is { } u && entries.All(e => e.Status == NewsletterStatus.Unsubscribed || e.Since <= u) && !(entries.Max(e => e.ConfirmedAt) > u);
    }

    /// Purposes a link may stop: every purpose but service notices (contract, legal obligation).
    public static bool CanStop(PurposeDefinition purpose) => purpose.LegalBasis is not (LegalBases.Contract or LegalBases.LegalObligation);

    public static string Name(IReadOnlyDictionary<string, string>? names, string lang, TenantDefinition tenant, string fallback) =>
        names?.GetValueOrDefault(lang) ?? names?.GetValueOrDefault(tenant.DefaultLanguage) ?? fallback;
}
