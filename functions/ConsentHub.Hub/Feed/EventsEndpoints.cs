using ConsentHub.Contracts.Api;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Tenants;
using ConsentHub.Hub.Projections;
using ConsentHub.Domain.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Feed;

/// The CloudEvents pull feed for CRMs: a tenant's events in the feed's order, each exactly once across pages.
public static class EventsEndpoints
{
    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/{tenant}/events", Events).WithTags("Events").RequireScope(Scopes.ConsentRead);
        return app;
    }

    private static async Task<Results<Ok<EventsResponse>, ProblemHttpResult>> Events(string tenant, string? after, string? limit, ICloudEventFeed feed, CancellationToken ct)
    {
        var (cursor, cursorProblem) = Cursors.Decode(after);
        if (cursorProblem is not null) return cursorProblem;
        var (max, limitProblem) = Cursors.Limit(limit, 500, 1000);
        if (limitProblem is not null) return limitProblem;
        var (events, position) = await feed.PageAsync(tenant, cursor?.Position ?? 0, max, ct);
        return TypedResults.Ok(new EventsResponse(events, Cursors.Encode(new FeedCursor(position, 0))));
    }
}
