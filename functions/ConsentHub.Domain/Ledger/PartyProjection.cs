using System.Collections.Immutable;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Projections;

namespace ConsentHub.Domain.Ledger;

/// A party's state as its view stores it: the folded state without the requests a stream remembers for replays
/// (views answer checks and preferences, not decisions). NB: stored format: add members, never rename them.
public sealed record PartyView(
    long Version,
    IReadOnlyList<PartyView.Objection> Objections,
    IReadOnlyList<PartyView.Consent> Consents,
    IReadOnlyList<PartyView.Newsletter> Newsletters,
    bool Restricted,
    DateTimeOffset? RestrictedSince,
    IReadOnlyList<ContactRef> Emails,
    IReadOnlyList<ContactRef> Phones,
    LedgerEvent.ContactIdentified? Identity,
    bool Erased,
    DateTimeOffset? LastChangedAt,
    IReadOnlyList<string>? Visitors = null,
    IReadOnlyList<ContactRef>? Push = null,
    DateTimeOffset? ClosedAt = null)
{
    public sealed record Objection(string Scope, string Channel, DateTimeOffset Since, string? Source);
    public sealed record Consent(string Purpose, string? Channel, bool Granted, DateTimeOffset Since, string? PolicyVersion, string? Source);
    public sealed record Newsletter(string ListId, NewsletterEntry Entry);

    public static PartyView Of(PartyState s) => new(s.Version,
        [.. s.Objections.Select(o => new Objection(o.Key.Scope, o.Key.Channel, o.Value.Since, o.Value.Source))],
        [.. s.Consents.Select(c => new Consent(c.Key.Purpose, c.Key.Channel, c.Value.Granted, c.Value.Since, c.Value.PolicyVersion, c.Value.Source))],
        [.. s.Newsletters.Select(n => new Newsletter(n.Key, n.Value))],
        s.Restricted, s.RestrictedSince, [.. s.Emails], [.. s.Phones], s.Identity, s.Erased, s.LastChangedAt, [.. s.Visitors],
        s.Push.Count > 0 ? [.. s.Push] : null, s.ClosedAt);

    public PartyState ToState() => PartyState.Initial with
    {
        Version = Version,
        Objections = Objections.ToImmutableDictionary(o => new ObjectionKey(o.Scope, o.Channel), o => new ObjectionEntry(o.Since, o.Source)),
        Consents = Consents.ToImmutableDictionary(c => new ConsentKey(c.Purpose, c.Channel), c => new ConsentEntry(c.Granted, c.Since, c.PolicyVersion, c.Source)),
        Newsletters = Newsletters.ToImmutableDictionary(n => n.ListId, n => n.Entry),
        Restricted = Restricted,
        RestrictedSince = RestrictedSince,
        Emails = new(Emails),
        Phones = new(Phones),
        Identity = Identity,
        Erased = Erased,
        LastChangedAt = LastChangedAt,
        Visitors = [.. Visitors ?? []],
        Push = new(Push ?? []),
        ClosedAt = ClosedAt,
    };
}

/// A contact point's link to one subject that lists it, or listed it (`Linked` false): kept at the subject's version,
/// with the contact point's value as the subject sealed it (its key opens the address while the subject lives).
/// `Held`: on a link the subject let go of, the prohibitions it had then, which the address keeps (HeldProhibitions).
public sealed record ContactLink(string SubjectId, bool Linked, string Kind, Sealed Value, HeldProhibitions? Held = null);

/// The rule for an address a subject no longer lists (README "Changing an address"): it keeps the prohibitions the
/// subject had when it let go of it (objections of every scope and channel, a restriction of processing), and nothing
/// else: no consent or subscription speaks for it any more. Later statements of the subject concern its current
/// addresses only. A sender that received the address while it was banned therefore never finds it allowed again by
/// an address change, and the check agrees with SendGrid, where a change of contact points never lifts a suppression.
/// The prohibitions end only when the subject lists the address again (its current statements then speak for it).
public sealed record HeldProhibitions(IReadOnlyList<PartyView.Objection> Objections, bool Restricted)
{
    public static HeldProhibitions? Of(PartyState s) => s.Objections.IsEmpty && !s.Restricted
        ? null
        : new([.. s.Objections.Select(o => new PartyView.Objection(o.Key.Scope, o.Key.Channel, o.Value.Since, o.Value.Source))], s.Restricted);

    /// What the checks of the address read: a state holding these prohibitions only.
    public PartyState ToState() => PartyState.Initial with
    {
        Version = 1,
        Objections = Objections.ToImmutableDictionary(o => new ObjectionKey(o.Scope, o.Channel), o => new ObjectionEntry(o.Since, o.Source)),
        Restricted = Restricted,
    };
}

/// The party read model: a view per subject stream and per contact-point stream, and the links between them.
public static class PartyProjection
{
    /// Inline: a check right after a write sees it, on every store.
    public static readonly ViewProjection<LedgerEvent, PartyView> Subjects =
        new("party-subject", "subject", ProjectionLifecycle.Inline, Evolve, _ => null);

    public static readonly ViewProjection<LedgerEvent, PartyView> Contacts =
        new("party-contact", "contact", ProjectionLifecycle.Inline, Evolve, _ => null);

    /// Link views are keyed `{hash}|{subjectId}` (a hash is base64url, never holding `|`): a contact point's links are the views whose key starts with its hash.
    public const string LinkKind = "party-link";

    /// The change log of contact points: each contact point whose state (its own, or a linked subject's) moved.
    public const string ContactLog = "contacts";

    public static PartyView Evolve(PartyView? view, LedgerEvent e) => PartyView.Of(LedgerDecider.Evolve(view?.ToState() ?? PartyState.Initial, e));

    public static string LinkKey(string hash, string subjectId) => $"{hash}|{subjectId}";

    public static string LinkPrefix(string hash) => hash + "|";

    /// The linking rule, in one place: a contact point is linked to the subjects that list it. After a subject's
    /// event, each contact point it lists, or listed just before, has its link at the subject's new version (so every
    /// subject change also marks its contact points as changed, for the suppressions feed).
    public static IEnumerable<(string Hash, ContactLink Link)> Links(string subjectId, PartyState before, PartyState after)
    {
        var now = Listed(after).ToDictionary(c => c.Ref.Hash, StringComparer.Ordinal);
        foreach (var (kind, old) in Listed(before).Where(c => !now.ContainsKey(c.Ref.Hash)))
            yield return (old.Hash, new ContactLink(subjectId, false, kind, old.Value, HeldProhibitions.Of(before)));
        foreach (var (kind, current) in now.Values)
            yield return (current.Hash, new ContactLink(subjectId, true, kind, current.Value));
    }

    private static IEnumerable<(string Kind, ContactRef Ref)> Listed(PartyState s) =>
        s.Emails.Select(c => ("email", c)).Concat(s.Phones.Select(c => ("phone", c))).Concat(s.Push.Select(c => ("push", c)));
}
