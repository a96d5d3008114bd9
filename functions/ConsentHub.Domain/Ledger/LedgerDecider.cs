using ConsentHub.Contracts;
using System.Diagnostics;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;

namespace ConsentHub.Domain.Ledger;

/// The consent ledger's decisions and folds: pure, no clock, no I/O.
public static class LedgerDecider
{
    // A repeated statement without an Idempotency-Key is new evidence (a renewal), so deciding
    // never collapses equal statements; only a replay of the same request writes nothing.
    public static (LedgerOutcome Outcome, LedgerEvent[] Events) Decide(LedgerCommand command, PartyState state)
    {
        if (state.Requests.TryGetValue(command.Meta.RequestId, out var first))
            return first.RequestHash == command.Meta.RequestHash ? (new LedgerOutcome.Replayed(first), []) : (new LedgerOutcome.KeyReused(), []);
        if (command.ExpectedVersion is { } expected && expected != state.Version)
            return (new LedgerOutcome.VersionMismatch(state.Version), []);
        if (state.Erased)
            return (new LedgerOutcome.SubjectErased(), []);
        if (command is LedgerCommand.Subscribe subscribe && ConfirmationMail.Withheld(subscribe, state))
            return (new LedgerOutcome.Recorded(), []);   // deliberately nothing: no event, so no confirmation e-mail
        return (new LedgerOutcome.Recorded(), [ToEvent(command)]);
    }

    /// On a bare contact point's stream the first event says which contact point the stream is.
    public static (LedgerOutcome Outcome, LedgerEvent[] Events) DecideForContact(LedgerCommand command, LedgerEvent.ContactIdentified identity, PartyState state)
    {
        var (outcome, events) = Decide(command, state);
        return outcome is LedgerOutcome.Recorded && events.Length > 0 && state.Identity is null ? (outcome, [identity, .. events]) : (outcome, events);
    }

    private static LedgerEvent ToEvent(LedgerCommand command) => command switch
    {
        LedgerCommand.RecordConsent { Granted: true } c => new LedgerEvent.ConsentGranted(c.Purpose, c.Channel, c.PolicyVersion, c.Evidence, c.Meta),
        LedgerCommand.RecordConsent c => new LedgerEvent.ConsentWithdrawn(c.Purpose, c.Channel, c.PolicyVersion, c.Evidence, c.Meta),
        LedgerCommand.RecordObjection { Lifted: false } o => new LedgerEvent.ObjectionRecorded(o.Scope, o.Channel, o.Evidence, o.Meta),
        LedgerCommand.RecordObjection o => new LedgerEvent.ObjectionLifted(o.Scope, o.Channel, o.Evidence, o.Meta),
        LedgerCommand.SetRestriction r => new LedgerEvent.RestrictionChanged(r.Restricted, r.Reason, r.Meta),
        LedgerCommand.ReplaceContactPoints p => new LedgerEvent.ContactPointsChanged(p.Emails, p.Phones, p.Meta, p.Push is { Count: > 0 } ? p.Push : null),
        LedgerCommand.Subscribe s => new LedgerEvent.NewsletterSubscribed(s.ListId, s.Language, s.Confirmed, s.Evidence, s.Meta),
        LedgerCommand.ConfirmSubscription c => new LedgerEvent.NewsletterConfirmed(c.ListId, c.Evidence, c.Meta),
        LedgerCommand.Unsubscribe u => new LedgerEvent.NewsletterUnsubscribed(u.ListId, u.Evidence, u.Meta),
        LedgerCommand.LinkVisitor v => new LedgerEvent.VisitorLinked(v.VisitorId, v.Meta),
        LedgerCommand.Erase e => new LedgerEvent.SubjectErased(e.Meta, e.Erased, e.Held, e.HeldUntil),
        LedgerCommand.RequestPreferenceLink r => new LedgerEvent.PreferenceLinkRequested(r.Language, r.Evidence, r.Meta),
        LedgerCommand.CloseAccount c => new LedgerEvent.AccountClosed(c.ClosedAt, c.Meta),
        _ => throw new UnreachableException($"Unhandled {command.GetType().Name}"),
    };

    public static PartyState Evolve(PartyState s, LedgerEvent e)
    {
        var next = Apply(s, e);
        var version = s.Version + 1;
        return next with
        {
            Version = version,
            LastChangedAt = e.Meta.At,
            Requests = RequestRecord.Remember(next.Requests, e.Meta, s.Version),
        };
    }

    public static PartyState Fold(IEnumerable<LedgerEvent> events) => events.Aggregate(PartyState.Initial, Evolve);

    private static PartyState Apply(PartyState s, LedgerEvent e) => e switch
    {
        LedgerEvent.ConsentGranted g => s with { Consents = s.Consents.SetItem(new(g.Purpose, g.Channel), new(true, g.Meta.At, g.PolicyVersion, g.Meta.Source)) },
        LedgerEvent.ConsentWithdrawn w => s with { Consents = s.Consents.SetItem(new(w.Purpose, w.Channel), new(false, w.Meta.At, w.PolicyVersion, w.Meta.Source)) },
        // A renewed objection is new evidence, but the prohibition has held since it was first recorded.
        LedgerEvent.ObjectionRecorded o when s.Objections.ContainsKey(new(o.Scope, o.Channel)) => s,
        LedgerEvent.ObjectionRecorded o => s with { Objections = s.Objections.SetItem(new(o.Scope, o.Channel), new(o.Meta.At, o.Meta.Source)) },
        LedgerEvent.ObjectionLifted { Channel: Channels.AllChannels } l => s with { Objections = s.Objections.RemoveRange(s.Objections.Keys.Where(k => k.Scope == l.Scope)) },
        LedgerEvent.ObjectionLifted l => s with { Objections = s.Objections.Remove(new(l.Scope, l.Channel)) },
        LedgerEvent.RestrictionChanged r => s with { Restricted = r.Restricted, RestrictedSince = r.Restricted ? r.Meta.At : null },
        LedgerEvent.ContactPointsChanged c => s with { Emails = c.Emails, Phones = c.Phones, Push = c.Push ?? EquatableArray<ContactRef>.Empty },
        LedgerEvent.ContactIdentified i => s with { Identity = i },
        LedgerEvent.NewsletterSubscribed n => s with { Newsletters = s.Newsletters.SetItem(n.ListId, Subscribed(s.Newsletters.GetValueOrDefault(n.ListId), n)) },
        LedgerEvent.NewsletterConfirmed c => s with { Newsletters = s.Newsletters.SetItem(c.ListId, new(NewsletterStatus.Subscribed, c.Meta.At, c.Meta.At,
            s.Newsletters.GetValueOrDefault(c.ListId)?.UnsubscribedAt, s.Newsletters.GetValueOrDefault(c.ListId)?.Language)) },
        LedgerEvent.NewsletterUnsubscribed u => s with { Newsletters = s.Newsletters.SetItem(u.ListId, new(NewsletterStatus.Unsubscribed, u.Meta.At,
            s.Newsletters.GetValueOrDefault(u.ListId)?.ConfirmedAt, u.Meta.At, s.Newsletters.GetValueOrDefault(u.ListId)?.Language)) },
        LedgerEvent.VisitorLinked v => s with { Visitors = s.Visitors.Add(v.VisitorId) },
        LedgerEvent.PreferenceLinkRequested => s,
        LedgerEvent.AccountClosed a => s with { ClosedAt = a.ClosedAt },
        // Erasure keeps objections and contact-point hashes: a prohibition must outlive the data (API.md, erasure).
        LedgerEvent.SubjectErased => s with { Erased = true, Consents = s.Consents.Clear(), Newsletters = s.Newsletters.Clear() },
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    };

    private static NewsletterEntry Subscribed(NewsletterEntry? current, LedgerEvent.NewsletterSubscribed n) =>
        n.Confirmed ? new(NewsletterStatus.Subscribed, n.Meta.At, n.Meta.At, current?.UnsubscribedAt, n.Language)
        : current is { Status: NewsletterStatus.Subscribed } ? current          // asking again while subscribed changes nothing
        : new(NewsletterStatus.Pending, n.Meta.At, current?.ConfirmedAt, current?.UnsubscribedAt, n.Language);
}
