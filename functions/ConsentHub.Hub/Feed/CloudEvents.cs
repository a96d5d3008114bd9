using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Feed;

/// A stored ledger event as the CloudEvent CRMs receive, by pull, by webhook or by Service Bus.
public static class CloudEvents
{
    /// Null for internal events CRMs do not receive. `contact` is the clear contact point of a bare contact point's stream.
    public static CloudEvent? From(StoredEvent stored, LedgerEvent e, Func<Sealed?, string?> open, string? contact)
    {
        if (EventViews.CloudEventType(e) is not { } type) return null;
        var data = EventViews.DataOf(e, open);
        if (stored.Stream.IsContact) data["contact"] = contact;   // a statement made from a bare contact point names it
        return new CloudEvent("1.0", stored.EventId, $"/tenants/{stored.Stream.Tenant}", type, stored.Stream.IsSubject ? stored.Stream.Key : null,
            stored.RecordedAt, "application/json", data);
    }

    /// A visitor's cookie choice; `subjectId` is the subject the visitor is linked to, if any.
    public static CloudEvent? From(StoredEvent stored, VisitorEvent e, Func<Sealed?, string?> open, string? subjectId)
    {
        if (EventViews.CloudEventType(e) is not { } type) return null;
        var data = EventViews.DataOf(e, open);
        data["visitorId"] = stored.Stream.Key;
        return new CloudEvent("1.0", stored.EventId, $"/tenants/{stored.Stream.Tenant}", type, subjectId, stored.RecordedAt, "application/json", data);
    }

    /// What a stream's CloudEvents name besides their data: a bare contact point's address, a visitor's linked subject.
    public static string? NamedBy(StreamId stream, StreamSlice slice, Func<Sealed?, string?> open) =>
        stream.IsContact ? LedgerDecider.Fold(slice.Events.Select(e => EventCodec.Decode<LedgerEvent>(e.Type, e.Data))).Identity is { } identity ? open(identity.Contact.Value) : null
        : stream.IsVisitor ? slice.Events.Select(e => EventCodec.Decode<VisitorEvent>(e.Type, e.Data)).Aggregate(VisitorState.Initial, VisitorDecider.Evolve).SubjectId
        : null;
}
