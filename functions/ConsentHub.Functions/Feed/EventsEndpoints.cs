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
        var from = cursor?.Position ?? 0;
        var stored = await feed.ReadAllAsync(from, max, tenant, ct);
        var events = new List<CloudEvent>(stored.Count);
        var openers = new Dictionary<StreamId, Func<Sealed?, string?>>();
        foreach (var s in stored.Where(s => s.Stream.IsSubject || s.Stream.IsContact || s.Stream.IsVisitor))
        {
            if (!openers.TryGetValue(s.Stream, out var open)) openers[s.Stream] = open = await sealer.OpenerAsync(s.Stream, ct);
            if (s.Stream.IsVisitor)
            {
                if (CloudEvents.From(s, EventCodec.Decode<VisitorEvent>(s.Type, s.Data), open, visitors.Find(tenant, s.Stream.Key)?.SubjectId) is { } choice) events.Add(choice);
                continue;
            }
            var e = EventCodec.Decode<LedgerEvent>(s.Type, s.Data);
            var contact = s.Stream.IsContact && parties.For(tenant).Source(s.Stream.Key) is { } source ? open(source.Value) : null;
            if (CloudEvents.From(s, e, open, contact) is { } cloudEvent) events.Add(cloudEvent);
        }
        var next = stored.Count > 0 ? stored[^1].Position : from;
        return TypedResults.Ok(new EventsResponse(events, Cursors.Encode(new FeedCursor(next, 0))));
    }
}
