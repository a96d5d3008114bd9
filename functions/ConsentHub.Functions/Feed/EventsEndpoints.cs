using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Banner;
using ConsentHub.Functions.Http;
using ConsentHub.Functions.Projections;
using ConsentHub.Functions.Security;

namespace ConsentHub.Functions.Feed;

/// The CloudEvents pull feed for CRMs: a tenant's events in commit order, each exactly once across pages.
public static class EventsEndpoints
{
    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/{tenant}/events", Events).WithTags("Events").RequireScope(Scopes.ConsentRead);
        return app;
    }

    private static async Task<IResult> Events(HttpContext http, string tenant, string? after, string? limit, PartyIndex parties, VisitorIndex visitors, Sealer sealer, CancellationToken ct)
    {
        // Only a store with a global commit order can serve cursors; on Cosmos DB CRMs take the preference-events topic.
        if (http.RequestServices.GetService<IEventFeed>() is not { } feed)
            return Problems.Of(501, "feed-unavailable", "Not available with this store",
                "The pull feed needs the embedded store's commit order; with Cosmos DB subscribe to the preference-events Service Bus topic.");
        var (cursor, cursorProblem) = Cursors.Decode(after);
        if (cursorProblem is not null) return cursorProblem;
        var (max, limitProblem) = Cursors.Limit(limit, 500, 1000);
        if (limitProblem is not null) return limitProblem;
        // A page is full, or it is the last: events CRMs do not receive (and other streams' events) are read past,
        // so an empty page means the end and never a gap. The cursor is the position of the last event looked at.
        var position = cursor?.Position ?? 0;
        var events = new List<CloudEvent>(max);
        var openers = new Openers(sealer);
        while (events.Count < max)
        {
            var stored = await feed.ReadAllAsync(position, max, tenant, ct);
            foreach (var s in stored)
            {
                if (await CloudEventOfAsync(s, tenant, parties, visitors, openers, ct) is { } cloudEvent) events.Add(cloudEvent);
                position = s.Position;
                if (events.Count == max) break;
            }
            if (stored.Count < max) break;
        }
        return TypedResults.Ok(new EventsResponse(events, Cursors.Encode(new FeedCursor(position, 0))));
    }

    private static async Task<CloudEvent?> CloudEventOfAsync(StoredEvent s, string tenant, PartyIndex parties, VisitorIndex visitors, Openers openers, CancellationToken ct)
    {
        if (!(s.Stream.IsSubject || s.Stream.IsContact || s.Stream.IsVisitor)) return null;
        var open = await openers.ForAsync(s.Stream, ct);
        if (s.Stream.IsVisitor)
            return CloudEvents.From(s, EventCodec.Decode<VisitorEvent>(s.Type, s.Data), open, visitors.Find(tenant, s.Stream.Key)?.SubjectId);
        var e = EventCodec.Decode<LedgerEvent>(s.Type, s.Data);
        var contact = s.Stream.IsContact && parties.For(tenant).Source(s.Stream.Key) is { } source ? await openers.OpenAsync(source, ct) : null;
        return CloudEvents.From(s, e, open, contact);
    }
}
