namespace ConsentHub.Contracts.Events;

// NB: these records ARE the stored and published format. Never rename or retype a member:
// add an optional member, or introduce a new version with an upcaster in EventCodec.

/// <summary>
/// An event in a person's stream: either a subject's (<c>subject-{id}</c>) or a bare contact point's
/// (<c>contact-{hash}</c>, for statements made from a link or a provider without a known subject).
/// </summary>
public abstract record LedgerEvent
{
    private protected LedgerEvent() { }

    /// <summary>Request, time and source of the event.</summary>
    public abstract EventMeta Meta { get; init; }

    /// <summary>Consent given for a purpose on one channel, or on all its channels when <c>Channel</c> is null.</summary>
    [EventType("consent.granted", 1)]
    public sealed record ConsentGranted(string Purpose, string? Channel, string? PolicyVersion, Evidence Evidence, EventMeta Meta) : LedgerEvent;

    /// <summary>Consent withdrawn (GDPR art. 7(3)).</summary>
    [EventType("consent.withdrawn", 1)]
    public sealed record ConsentWithdrawn(string Purpose, string? Channel, string? PolicyVersion, Evidence Evidence, EventMeta Meta) : LedgerEvent;

    /// <summary>An objection (GDPR art. 21); scope <c>direct-marketing</c> is the absolute suoramarkkinointikielto.</summary>
    [EventType("objection.recorded", 1)]
    public sealed record ObjectionRecorded(string Scope, string Channel, Evidence Evidence, EventMeta Meta) : LedgerEvent;

    /// <summary>An objection lifted by the person; channel <c>all</c> lifts every channel of the scope.</summary>
    [EventType("objection.lifted", 1)]
    public sealed record ObjectionLifted(string Scope, string Channel, Evidence Evidence, EventMeta Meta) : LedgerEvent;

    /// <summary>Restriction of processing set or cleared (GDPR art. 18).</summary>
    [EventType("restriction.changed", 1)]
    public sealed record RestrictionChanged(bool Restricted, Sealed? Reason, EventMeta Meta) : LedgerEvent;

    /// <summary>The subject's contact points replaced by this set; <c>Push</c> (device tokens) is absent when there are none.</summary>
    [EventType("contactpoints.changed", 1)]
    public sealed record ContactPointsChanged(EquatableArray<ContactRef> Emails, EquatableArray<ContactRef> Phones, EventMeta Meta, EquatableArray<ContactRef>? Push = null) : LedgerEvent;

    /// <summary>First event of a bare contact point's stream: which contact point it is.</summary>
    [EventType("contact.identified", 1)]
    public sealed record ContactIdentified(string Kind, ContactRef Contact, EventMeta Meta) : LedgerEvent;

    /// <summary>Subscription to a newsletter asked for; pending until confirmed where the list uses double opt-in.</summary>
    [EventType("newsletter.subscribed", 1)]
    public sealed record NewsletterSubscribed(string ListId, string? Language, bool Confirmed, Evidence Evidence, EventMeta Meta) : LedgerEvent;

    /// <summary>Double opt-in confirmed.</summary>
    [EventType("newsletter.confirmed", 1)]
    public sealed record NewsletterConfirmed(string ListId, Evidence Evidence, EventMeta Meta) : LedgerEvent;

    /// <summary>Left the newsletter (link, preference center, provider report).</summary>
    [EventType("newsletter.unsubscribed", 1)]
    public sealed record NewsletterUnsubscribed(string ListId, Evidence Evidence, EventMeta Meta) : LedgerEvent;

    /// <summary>A site visitor (a browser's banner choices) linked to the subject, so erasure reaches those choices too.</summary>
    [EventType("subject.visitor-linked", 1)]
    public sealed record VisitorLinked(string VisitorId, EventMeta Meta) : LedgerEvent;

    /// <summary>The person asked, from a link page, for a fresh preference link mailed to their own address: the proof of
    /// the mailbox that opting in from a link needs. Internal (no CloudEvent); the mail is its only effect.</summary>
    [EventType("preference-link.requested", 1)]
    public sealed record PreferenceLinkRequested(string? Language, Evidence Evidence, EventMeta Meta) : LedgerEvent;

    /// <summary>The subject's personal data erased (GDPR art. 17): its stream key is destroyed with this event.</summary>
    /// <param name="Meta">Request, time and source.</param>
    /// <param name="Erased">The kinds of personal data that went at once (<c>contact-points</c>, <c>evidence</c>,
    /// <c>banner-receipts</c>, <c>restriction-reason</c>); null on erasures recorded before the hub named them.</param>
    /// <param name="Held">The kinds kept sealed under a legal hold until <c>HeldUntil</c>, then shredded; empty without a hold.</param>
    /// <param name="HeldUntil">When the held kinds are shredded; null without a hold.</param>
    [EventType("subject.erased", 1)]
    public sealed record SubjectErased(EventMeta Meta, EquatableArray<string>? Erased = null, EquatableArray<string>? Held = null, DateTimeOffset? HeldUntil = null) : LedgerEvent;

    /// <summary>The subject's account with the controller was closed at <c>ClosedAt</c>: the retention run erases the
    /// subject when the tenant's <c>closedAccountContactPoints</c> period has passed since then. Internal (no CloudEvent).</summary>
    [EventType("subject.account-closed", 1)]
    public sealed record AccountClosed(DateTimeOffset ClosedAt, EventMeta Meta) : LedgerEvent;
}
