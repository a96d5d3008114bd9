using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Requests;

/// `GET …/requests/{id}`: the case read from its own stream (not the light list view), with the verification and the
/// reasons opened from their seals. Erasing the subject destroyed the request's key, so they read as null then.
public sealed class RequestCaseReader(IEventStore store, Sealer sealer)
{
    public async Task<RequestCase?> ReadAsync(string tenant, string id, CancellationToken ct)
    {
        var stream = RequestCases.StreamOf(tenant, id);
        var events = (await store.ReadStreamAsync(stream, ct)).Events.Select(e => EventCodec.Decode<RequestEvent>(e.Type, e.Data)).ToList();
        if (events.FirstOrDefault() is not RequestEvent.Received received) return null;
        var open = await sealer.OpenerAsync(stream, ct);
        var history = new List<RequestHistoryEntry>();
        var attachments = new List<AttachmentView>();
        var (status, dueAt, extended) = ("open", received.DueAt, false);
        foreach (var e in events)
        {
            switch (e)
            {
                case RequestEvent.Received r:
                    history.Add(new("received", r.Meta.At, DueAt: r.DueAt));
                    break;
                case RequestEvent.Extended x:
                    (dueAt, extended) = (x.DueAt, true);
                    history.Add(new("extended", x.Meta.At, open(x.Reason), x.DueAt));
                    break;
                case RequestEvent.Completed c:
                    status = "completed";
                    history.Add(new("completed", c.Meta.At));
                    break;
                case RequestEvent.Rejected j:
                    status = "rejected";
                    history.Add(new("rejected", j.Meta.At, open(j.Reason)));
                    break;
                case RequestEvent.AttachmentAdded a:
                    attachments.Add(new AttachmentView(a.AttachmentId, a.ContentType, a.Size, a.Sha256, a.Meta.At));
                    history.Add(new("attachment-added", a.Meta.At, AttachmentId: a.AttachmentId));
                    break;
            }
        }
        // The person's own words are sealed with the subject's key (RequestCases), not the request's.
        var details = received.Details is null ? null : (await sealer.OpenerAsync(StreamId.Subject(tenant, received.SubjectId), ct))(received.Details);
        return new RequestCase(id, received.SubjectId, received.Type, status, received.Channel, received.Language, received.ReceivedAt, dueAt,
            received.DueAt, extended, open(received.IdentityVerifiedBy), history, attachments, details);
    }
}
