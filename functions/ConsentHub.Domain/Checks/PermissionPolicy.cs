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
    public static Permission Decide(TenantCatalog catalog, string purpose, string channel, Recipient recipient, IReadOnlyCollection<PartyState> states) =>
        PermissionQuestion.Of(catalog, purpose, channel).Decide(recipient, states);
}
