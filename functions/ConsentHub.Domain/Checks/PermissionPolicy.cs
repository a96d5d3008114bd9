using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Domain.Checks;

/// `Scope` names the ban behind an `objected` denial (ObjectionCoverage); null for every other answer.
public readonly record struct Permission(bool Allowed, string Reason, string? Scope = null);

public static class Reasons
{
    public const string Consented = "consented";
    public const string Subscribed = "subscribed";
    public const string NoObjection = "no-objection";
    public const string ServiceNotice = "service-notice";
    public const string DirectMarketingProhibited = "direct-marketing-prohibited";
    public const string Objected = "objected";
    public const string ProcessingRestricted = "processing-restricted";
    public const string NotSubscribed = "not-subscribed";
    public const string Unsubscribed = "unsubscribed";
    public const string ConsentWithdrawn = "consent-withdrawn";
    public const string NoConsent = "no-consent";
    public const string Erased = "erased";
    public const string UnknownPurpose = "unknown-purpose";
    public const string InvalidRecipient = "invalid-recipient";

    /// Denials that come from something recorded (as opposed to nothing recorded yet): what a suppression list holds.
    public static bool IsSuppression(string reason) => reason is DirectMarketingProhibited or Objected or ProcessingRestricted
        or Unsubscribed or ConsentWithdrawn or Erased;
}

/// "The question senders ask" (API.md): the decision table, first match wins.
/// `states` are every stream that speaks for the recipient: the subject's and its contact points', or the
/// contact point's own and those of the subjects it is linked to.
public static class PermissionPolicy
{
    public static Permission Decide(TenantCatalog catalog, string purpose, string channel, Recipient recipient, IReadOnlyCollection<PartyState> states)
    {
        if (recipient is Recipient.Invalid || !recipient.Fits(channel)) return Deny(Reasons.InvalidRecipient);
        if (!catalog.Knows(purpose)) return Deny(Reasons.UnknownPurpose);

        var newsletter = purpose.StartsWith(TenantCatalog.NewsletterPrefix, StringComparison.Ordinal) ? purpose[TenantCatalog.NewsletterPrefix.Length..] : null;
        var definition = newsletter is null ? catalog.Purpose(purpose) : null;
        if (definition?.LegalBasis is LegalBases.Contract or LegalBases.LegalObligation) return Allow(Reasons.ServiceNotice);
        if (states.Any(s => s.Restricted)) return Deny(Reasons.ProcessingRestricted);
        if (ObjectionCoverage.ByDirectMarketing(definition) && states.Any(s => s.Objects(ObjectionScopes.DirectMarketing, channel))) return Deny(Reasons.DirectMarketingProhibited);
        foreach (var scope in definition is null ? new[] { purpose } : ObjectionCoverage.Scopes(definition))
            if (states.Any(s => s.Objects(scope, channel))) return new(false, Reasons.Objected, scope);
        if (states.Any(s => s.Erased)) return Deny(Reasons.Erased);
        if (newsletter is not null) return NewsletterPermission(newsletter, states);
        if (definition!.LegalBasis == LegalBases.Consent) return ConsentPermission(purpose, channel, states);
        return Allow(Reasons.NoObjection);
    }

    private static Permission NewsletterPermission(string listId, IReadOnlyCollection<PartyState> states)
    {
        var entries = states.Select(s => s.Newsletters.GetValueOrDefault(listId)).OfType<NewsletterEntry>().ToList();
        var confirmed = entries.Max(e => e.ConfirmedAt);
        var unsubscribed = entries.Max(e => e.UnsubscribedAt);
        return (confirmed, unsubscribed) switch
        {
            ({ } c, var u) when u is null || c > u => Allow(Reasons.Subscribed),
            (_, not null) => Deny(Reasons.Unsubscribed),
            _ => Deny(Reasons.NotSubscribed),   // never, or only pending
        };
    }

    private static Permission ConsentPermission(string purpose, string channel, IReadOnlyCollection<PartyState> states)
    {
        var latest = states
            .SelectMany(s => new[] { s.Consents.GetValueOrDefault(new(purpose, channel)), s.Consents.GetValueOrDefault(new(purpose, null)) })
            .OfType<ConsentEntry>()
            .MaxBy(c => c.Since);
        return latest switch
        {
            { Granted: true } => Allow(Reasons.Consented),
            { Granted: false } => Deny(Reasons.ConsentWithdrawn),
            null => Deny(Reasons.NoConsent),
        };
    }

    private static Permission Allow(string reason) => new(true, reason);
    private static Permission Deny(string reason) => new(false, reason);
}
