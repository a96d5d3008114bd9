using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Hub.Messages;

/// A SendGrid unsubscribe group of a tenant, with the purpose whose check says whether an address belongs in it:
/// `direct-marketing` for the marketing groups, `newsletter:{id}` for a newsletter's own group.
public sealed record SendGridGroup(long Id, string Purpose);

/// Which of a tenant's unsubscribe groups a change touches, and when an address is to be suppressed in one.
public static class SendGridGroups
{
    public static IReadOnlyList<SendGridGroup> Marketing(TenantCatalog catalog) =>
        [.. (catalog.Definition.Sendgrid?.MarketingGroupIds ?? default).Distinct().Select(id => new SendGridGroup(id, ObjectionScopes.DirectMarketing))];

    /// Newsletters are marketing (API.md, the decision's rule 4), so a prohibition reaches their groups too.
    public static IReadOnlyList<SendGridGroup> Newsletters(TenantCatalog catalog) =>
        [.. catalog.Definition.Newsletters.Where(n => n.SendgridGroupId is not null)
            .Select(n => new SendGridGroup(n.SendgridGroupId!.Value, TenantCatalog.NewsletterPrefix + n.Id))];

    public static IReadOnlyList<SendGridGroup> Affected(ChangeContext change) => change.Event switch
    {
        LedgerEvent.ObjectionRecorded o when CoversEmail(o.Scope, o.Channel) => [.. Marketing(change.Catalog), .. Newsletters(change.Catalog)],
        LedgerEvent.ObjectionLifted l when CoversEmail(l.Scope, l.Channel) => [.. Marketing(change.Catalog), .. Newsletters(change.Catalog)],
        LedgerEvent.RestrictionChanged or LedgerEvent.ContactPointsChanged => [.. Marketing(change.Catalog), .. Newsletters(change.Catalog)],
        LedgerEvent.NewsletterUnsubscribed u => Of(change.Catalog, u.ListId),
        LedgerEvent.NewsletterConfirmed c => Of(change.Catalog, c.ListId),
        LedgerEvent.NewsletterSubscribed { Confirmed: true } s => Of(change.Catalog, s.ListId),
        _ => [],
    };

    /// Whether a change of this kind may touch a group (Affected not empty, and for a change of contact points, a
    /// prohibition before it in its stream), judged before the change is read.
    public static bool MayTouch(ChangeHead head)
    {
        var all = Marketing(head.Catalog).Count + Newsletters(head.Catalog).Count > 0;
        if (head.Is<LedgerEvent.ContactPointsChanged>()) return all && !head.First;
        if (head.Is<LedgerEvent.ObjectionRecorded>() || head.Is<LedgerEvent.ObjectionLifted>() || head.Is<LedgerEvent.RestrictionChanged>()) return all;
        return (head.Is<LedgerEvent.NewsletterUnsubscribed>() || head.Is<LedgerEvent.NewsletterConfirmed>() || head.Is<LedgerEvent.NewsletterSubscribed>())
            && Newsletters(head.Catalog).Count > 0;
    }

    /// Whether a change of this kind may be a ban (Bans), judged before it is read.
    public static bool MayBan(ChangeHead head) => head.Is<LedgerEvent.ObjectionRecorded>() || head.Is<LedgerEvent.RestrictionChanged>();

    /// A change that suppresses an address in the marketing groups whatever else the ledger holds.
    public static bool Bans(ChangeContext change) => change.Event switch
    {
        LedgerEvent.ObjectionRecorded o => CoversEmail(o.Scope, o.Channel),
        LedgerEvent.RestrictionChanged r => r.Restricted,
        _ => false,
    };

    /// A marketing ban and a restriction suppress every group; a newsletter's group also holds its unsubscribes.
    public static bool Suppresses(Permission permission) => permission.Reason is Reasons.DirectMarketingProhibited or Reasons.ProcessingRestricted;

    public static bool Suppresses(Permission permission, SendGridGroup group) =>
        Suppresses(permission) || (group.Purpose != ObjectionScopes.DirectMarketing && permission.Reason is Reasons.Unsubscribed);

    private static bool CoversEmail(string scope, string channel) =>
        scope == ObjectionScopes.DirectMarketing && channel is Channels.Email or Channels.AllChannels;

    private static List<SendGridGroup> Of(TenantCatalog catalog, string listId) =>
        Newsletters(catalog).Where(g => g.Purpose == TenantCatalog.NewsletterPrefix + listId).ToList();
}
