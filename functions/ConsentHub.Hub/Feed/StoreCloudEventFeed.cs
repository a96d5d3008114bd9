using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Banner;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Feed;

/// The pull feed over the embedded store's global commit order.
public sealed class StoreCloudEventFeed(IEventFeed feed, PartyViews parties, VisitorViews visitors, Sealer sealer) : ICloudEventFeed
{
    public async Task<(List<CloudEvent> Events, long Position)> PageAsync(string tenant, long after, int max, CancellationToken ct)
    {
        // A page is full, or it is the last: events CRMs do not receive (and other streams' events) are read past,
        // so an empty page means the end and never a gap. The cursor is the position of the last event looked at.
        var position = after;
        var events = new List<CloudEvent>(max);
        var openers = new Openers(sealer);
        while (events.Count < max)
        {
            var stored = await feed.ReadAllAsync(position, max, tenant, ct);
            foreach (var s in stored)
            {
                if (await CloudEventOfAsync(s, tenant, openers, ct) is { } cloudEvent) events.Add(cloudEvent);
                position = s.Position;
                if (events.Count == max) break;
            }
            if (stored.Count < max) break;
        }
        return (events, position);
    }

    private async Task<CloudEvent?> CloudEventOfAsync(StoredEvent s, string tenant, Openers openers, CancellationToken ct)
    {
        if (!(s.Stream.IsSubject || s.Stream.IsContact || s.Stream.IsVisitor)) return null;
        var open = await openers.ForAsync(s.Stream, ct);
        if (s.Stream.IsVisitor)
            return CloudEvents.From(s, EventCodec.Decode<VisitorEvent>(s.Type, s.Data), open, (await visitors.FindAsync(tenant, s.Stream.Key, ct))?.SubjectId);
        var e = EventCodec.Decode<LedgerEvent>(s.Type, s.Data);
        var contact = s.Stream.IsContact && await parties.SourceAsync(tenant, s.Stream.Key, ct) is { } source ? await openers.OpenAsync(source, ct) : null;
        return CloudEvents.From(s, e, open, contact);
    }
}
