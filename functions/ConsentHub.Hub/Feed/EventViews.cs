using System.Diagnostics;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;

namespace ConsentHub.Hub.Feed;

/// How an event is shown outside the store (history, CloudEvents): personal data opened for the caller,
/// or left out once erasure destroyed the key.
public static class EventViews
{
    public static Dictionary<string, object?> DataOf(LedgerEvent e, Func<Sealed?, string?> open) => e switch
    {
        LedgerEvent.ConsentGranted g => new() { ["purpose"] = g.Purpose, ["channel"] = g.Channel, ["granted"] = true, ["policyVersion"] = g.PolicyVersion, ["evidence"] = Evidence(g.Evidence, open) },
        LedgerEvent.ConsentWithdrawn w => new() { ["purpose"] = w.Purpose, ["channel"] = w.Channel, ["granted"] = false, ["policyVersion"] = w.PolicyVersion, ["evidence"] = Evidence(w.Evidence, open) },
        LedgerEvent.ObjectionRecorded o => new() { ["scope"] = o.Scope, ["channel"] = o.Channel, ["lifted"] = false, ["evidence"] = Evidence(o.Evidence, open) },
        LedgerEvent.ObjectionLifted l => new() { ["scope"] = l.Scope, ["channel"] = l.Channel, ["lifted"] = true, ["evidence"] = Evidence(l.Evidence, open) },
        LedgerEvent.RestrictionChanged r => new() { ["restricted"] = r.Restricted, ["reason"] = open(r.Reason) },
        LedgerEvent.ContactPointsChanged { Push.Count: > 0 } c => new() { ["emails"] = Open(c.Emails, open), ["phones"] = Open(c.Phones, open), ["push"] = Open(c.Push.Value, open) },
        LedgerEvent.ContactPointsChanged c => new() { ["emails"] = Open(c.Emails, open), ["phones"] = Open(c.Phones, open) },
        LedgerEvent.ContactIdentified i => new() { ["kind"] = i.Kind, ["contact"] = open(i.Contact.Value) },
        LedgerEvent.NewsletterSubscribed n => new() { ["listId"] = n.ListId, ["language"] = n.Language, ["status"] = n.Confirmed ? "subscribed" : "pending", ["evidence"] = Evidence(n.Evidence, open) },
        LedgerEvent.NewsletterConfirmed c => new() { ["listId"] = c.ListId, ["evidence"] = Evidence(c.Evidence, open) },
        LedgerEvent.NewsletterUnsubscribed u => new() { ["listId"] = u.ListId, ["evidence"] = Evidence(u.Evidence, open) },
        LedgerEvent.VisitorLinked v => new() { ["visitorId"] = v.VisitorId },
        LedgerEvent.PreferenceLinkRequested r => new() { ["language"] = r.Language, ["evidence"] = Evidence(r.Evidence, open) },
        // What went and what a legal hold keeps until when: kinds of data only, never the data (null on erasures recorded before).
        LedgerEvent.SubjectErased x => new() { ["erased"] = x.Erased?.ToList(), ["held"] = x.Held?.ToList(), ["heldUntil"] = x.HeldUntil },
        LedgerEvent.AccountClosed a => new() { ["closedAt"] = a.ClosedAt },
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    };

    /// The event types that have a CloudEvents type (CloudEventType not null), for judging a change before it is read.
    /// Kept beside the switches below; PropagationMayCareTests fails if the two part.
    public static readonly IReadOnlySet<Type> WithCloudEvent = new HashSet<Type>
    {
        typeof(LedgerEvent.ConsentGranted), typeof(LedgerEvent.ConsentWithdrawn), typeof(LedgerEvent.ObjectionRecorded), typeof(LedgerEvent.ObjectionLifted),
        typeof(LedgerEvent.RestrictionChanged), typeof(LedgerEvent.ContactPointsChanged), typeof(LedgerEvent.NewsletterSubscribed),
        typeof(LedgerEvent.NewsletterConfirmed), typeof(LedgerEvent.NewsletterUnsubscribed), typeof(LedgerEvent.SubjectErased), typeof(VisitorEvent.CookiesRecorded),
    };

    /// The CloudEvents type of a ledger event; null for internal events that CRMs do not receive.
    public static string? CloudEventType(LedgerEvent e) => e switch
    {
        LedgerEvent.ConsentGranted => "consenthub.consent.granted.v1",
        LedgerEvent.ConsentWithdrawn => "consenthub.consent.withdrawn.v1",
        LedgerEvent.ObjectionRecorded => "consenthub.objection.recorded.v1",
        LedgerEvent.ObjectionLifted => "consenthub.objection.lifted.v1",
        LedgerEvent.RestrictionChanged => "consenthub.restriction.changed.v1",
        LedgerEvent.ContactPointsChanged => "consenthub.contactpoints.changed.v1",
        LedgerEvent.NewsletterSubscribed => "consenthub.newsletter.subscribed.v1",
        LedgerEvent.NewsletterConfirmed => "consenthub.newsletter.confirmed.v1",
        LedgerEvent.NewsletterUnsubscribed => "consenthub.newsletter.unsubscribed.v1",
        LedgerEvent.SubjectErased => "consenthub.subject.erased.v1",
        LedgerEvent.ContactIdentified or LedgerEvent.VisitorLinked or LedgerEvent.PreferenceLinkRequested or LedgerEvent.AccountClosed => null,
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    };

    public static Dictionary<string, object?> DataOf(VisitorEvent e, Func<Sealed?, string?> open) => e switch
    {
        VisitorEvent.CookiesRecorded c => WithServices(new()
        {
            ["categories"] = c.Categories.ToDictionary(x => x.Category, x => x.Allowed), ["policyVersion"] = c.PolicyVersion, ["language"] = c.Language,
            ["action"] = c.Action, ["gpc"] = c.Gpc, ["evidence"] = Evidence(c.Evidence, open),
        }, c.Services),
        VisitorEvent.Linked l => new() { ["subjectId"] = l.SubjectId },
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    };

    // Only choices made where the tenant lists services carry them (a member added within v1).
    private static Dictionary<string, object?> WithServices(Dictionary<string, object?> data, EquatableArray<ServiceChoice>? services)
    {
        if (services is { } s) data["services"] = s.ToDictionary(x => x.Service, x => x.Allowed);
        return data;
    }

    /// The CloudEvents type of a visitor event; null for the internal link to a subject.
    public static string? CloudEventType(VisitorEvent e) => e switch
    {
        VisitorEvent.CookiesRecorded => "consenthub.cookies.recorded.v1",
        VisitorEvent.Linked => null,
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    };

    private static Dictionary<string, object?>? Evidence(Evidence evidence, Func<Sealed?, string?> open) =>
        evidence == Contracts.Events.Evidence.None ? null : new()
        {
            ["textSha256"] = evidence.TextSha256,
            ["ip"] = open(evidence.Ip),
            ["userAgent"] = open(evidence.UserAgent),
            ["recordedBy"] = open(evidence.RecordedBy),
        };

    public static List<string> Open(IEnumerable<ContactRef> contacts, Func<Sealed?, string?> open) =>
        contacts.Select(c => open(c.Value)).OfType<string>().ToList();
}
