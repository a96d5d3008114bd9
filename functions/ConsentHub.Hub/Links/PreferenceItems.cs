using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Pages;

namespace ConsentHub.Hub.Links;

/// One line of the preference center: a purpose or a newsletter, its state as a sender's check sees it, and whether
/// the person can change it here.
public sealed record PreferenceItem(string Field, string Name, string? Description, bool Allowed, string Reason, bool Changeable, bool Service,
    bool Pending, PurposeDefinition? Purpose, NewsletterDefinition? Newsletter);

/// `OptIn`: the change lets more through (a consent, a lifted objection, a subscription): only a link that proves
/// the mailbox may make it.
public sealed record PreferenceChange(string Wording, Func<EventMeta, Evidence, LedgerCommand> Build, bool OptIn = false);

public static class PreferenceItems
{
    public const string DirectMarketingField = "purpose." + ObjectionScopes.DirectMarketing;

    public static List<PreferenceItem> Of(LinkContext link, IReadOnlyCollection<PartyState> states)
    {
        var tenant = link.Tenant;
        var lang = link.Language;
        var items = new List<PreferenceItem>();
        foreach (var p in tenant.Purposes)
        {
            // An e-mail link speaks for the e-mail channel only; a subject's link for the purpose's channels.
            if (link.Person.Email is not null && !p.Channels.Contains(Channels.Email)) continue;
            var channel = p.Channels.Contains(Channels.Email) ? Channels.Email : p.Channels[0];
            var permission = PermissionPolicy.Decide(link.Catalog, p.Id, channel, link.Person.Recipient, states);
            var service = !OptOuts.CanStop(p);
            var directMarketing = p.Id == ObjectionScopes.DirectMarketing;
            var changeable = !service && permission.Reason != Reasons.ProcessingRestricted
                && (directMarketing || permission.Reason != Reasons.DirectMarketingProhibited);
            var name = OptOuts.Name(p.Names, lang, tenant, directMarketing ? link.Texts.DirectMarketingName : p.Id);
            var description = OptOuts.Name(p.Descriptions, lang, tenant, directMarketing ? link.Texts.DirectMarketingDescription : "");
            items.Add(new("purpose." + p.Id, name, description.Length == 0 ? null : description, permission.Allowed, permission.Reason, changeable, service, false, p, null));
        }
        foreach (var n in tenant.Newsletters)
        {
            var permission = PermissionPolicy.Decide(link.Catalog, TenantCatalog.NewsletterPrefix + n.Id, Channels.Email, link.Person.Recipient, states);
            var pending = !permission.Allowed && states.Any(s => s.Newsletters.GetValueOrDefault(n.Id)?.Status == NewsletterStatus.Pending);
            var changeable = permission.Reason is not (Reasons.ProcessingRestricted or Reasons.DirectMarketingProhibited);
            var description = OptOuts.Name(n.Descriptions, lang, tenant, "");
            items.Add(new("newsletter." + n.Id, OptOuts.Name(n.Names, lang, tenant, n.Id), description.Length == 0 ? null : description,
                permission.Allowed, permission.Reason, changeable, false, pending, null, n));
        }
        return items;
    }

    /// The statement that turns an item to the wanted state; null when it already is there.
    public static PreferenceChange? Change(LinkContext link, PreferenceItem item, bool wanted)
    {
        // A subject's link speaks for all channels; an e-mail link for e-mail.
        var objectionChannel = link.Person.Email is null ? Channels.AllChannels : Channels.Email;
        var wording = $"{item.Name}\n{item.Description}";
        if (item.Newsletter is { } n)
        {
            if (wanted && !item.Allowed && item.Reason is Reasons.NotSubscribed or Reasons.Unsubscribed)
                // Opting in needs a link the hub just mailed to the address: that is the confirmation double opt-in asks for.
                return new(wording, (meta, evidence) => new LedgerCommand.Subscribe(n.Id, link.Language, true, evidence, meta), OptIn: true);
            if (!wanted && (item.Allowed || item.Pending))
                return new(wording, (meta, evidence) => new LedgerCommand.Unsubscribe(n.Id, evidence, meta));
            return null;
        }
        var p = item.Purpose!;
        if (p.Id == ObjectionScopes.DirectMarketing || p.LegalBasis != LegalBases.Consent)
        {
            if (!wanted && item.Allowed) return new(wording, (meta, evidence) => new LedgerCommand.RecordObjection(p.Id, objectionChannel, false, evidence, meta));
            if (wanted && item.Reason is Reasons.Objected or Reasons.DirectMarketingProhibited)
                return new(wording, (meta, evidence) => new LedgerCommand.RecordObjection(p.Id, objectionChannel, true, evidence, meta), OptIn: true);
            return null;
        }
        if (wanted == item.Allowed || item.Reason is not (Reasons.Consented or Reasons.ConsentWithdrawn or Reasons.NoConsent)) return null;
        var consentChannel = link.Person.Email is null || !p.Channels.Contains(Channels.Email) ? null : Channels.Email;
        return new(wording, (meta, evidence) => new LedgerCommand.RecordConsent(p.Id, consentChannel, wanted, link.Tenant.PolicyVersion, evidence, meta), OptIn: wanted);
    }

    /// "Stop all marketing": a direct-marketing objection (absolute, API.md), and leaving every newsletter.
    public static List<PreferenceChange> StopAll(LinkContext link, IReadOnlyCollection<PreferenceItem> items, IReadOnlyCollection<PartyState> states)
    {
        var channel = link.Person.Email is null ? Channels.AllChannels : Channels.Email;
        var changes = new List<PreferenceChange>();
        if (items.All(i => i.Reason != Reasons.DirectMarketingProhibited || i.Service))
            changes.Add(new(link.Texts.CenterStopAll + "\n" + link.Texts.CenterStopAllNote,
                (meta, evidence) => new LedgerCommand.RecordObjection(ObjectionScopes.DirectMarketing, channel, false, evidence, meta)));
        // A subscription under a prohibition is left too, so that it stays left if the prohibition is ever lifted.
        foreach (var item in items.Where(i => i.Newsletter is { } n && (i.Allowed || i.Pending || HasEntry(n.Id, states)) && !OptOuts.Unsubscribed(n.Id, states)))
            changes.Add(new(link.Texts.CenterStopAll + "\n" + item.Name, (meta, evidence) => new LedgerCommand.Unsubscribe(item.Newsletter!.Id, evidence, meta)));
        return changes;
    }

    private static bool HasEntry(string list, IReadOnlyCollection<PartyState> states) => states.Any(s => s.Newsletters.ContainsKey(list));
}
