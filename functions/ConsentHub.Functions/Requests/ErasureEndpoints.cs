using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Functions.Banner;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Functions.Http;
using ConsentHub.Functions.Ledger;
using ConsentHub.Functions.Projections;
using ConsentHub.Functions.Security;

namespace ConsentHub.Functions.Requests;

public sealed record ErasureResponse(string SubjectId, DateTimeOffset ErasedAt, int ContactPointStreams);

public sealed record ContactPointExport(string? Contact, IReadOnlyList<Contracts.Api.HistoryEntry> Events);

public sealed record SubjectExport(string SubjectId, DateTimeOffset ExportedAt, Contracts.Api.PreferencesResponse Preferences,
    IReadOnlyList<Contracts.Api.HistoryEntry> History, IReadOnlyList<ContactPointExport> ContactPoints);

/// GDPR art. 17 and 20: erasure by crypto-shredding, and a machine-readable export of everything held on a subject.
public static class ErasureEndpoints
{
    public static IEndpointRouteBuilder MapErasureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/v1/{tenant}/subjects/{subjectId}", Erase).WithTags("Requests").RequireScope(Scopes.Dsr);
        app.MapGet("/api/v1/{tenant}/subjects/{subjectId}/export", Export).WithTags("Requests").RequireScope(Scopes.Dsr);
        return app;
    }

    // The subject's key and its contact points' keys are destroyed first, so that even a crash before the erasure
    // events are written leaves nothing readable; the keyed hashes and objections stay, so a prohibition still holds.
    private static async Task<IResult> Erase(HttpContext http, string tenant, string subjectId, PartyIndex parties, VisitorIndex visitors, StreamKeys keys,
        LedgerService ledger, TimeProvider clock, CancellationToken ct)
    {
        if (Ids.Problem(subjectId) is { } problem) return Problems.Validation("subjectId", problem);
        if (parties.For(tenant).Subject(subjectId) is not { } subject) return Problems.NotFound($"No subject '{subjectId}' in this tenant.");
        var subjectStream = StreamId.Subject(tenant, subjectId);
        var contactStreams = subject.ContactPoints.Select(c => StreamId.Contact(tenant, c.Hash))
            .Where(s => parties.For(tenant).Contact(s.Key) is not null).ToList();
        foreach (var stream in contactStreams.Prepend(subjectStream)) await keys.DestroyAsync(stream, ct);
        // The banner choices of the person's browsers hold their IP addresses and user agents: shredded with the rest.
        foreach (var visitor in visitors.LinkedTo(tenant, subjectId)) await keys.DestroyAsync(visitor, ct);
        var at = clock.GetUtcNow();
        var requestId = "erase:" + subjectId;
        foreach (var stream in contactStreams.Prepend(subjectStream))
            await ledger.WriteAsync(stream, requestId, _ => new LedgerCommand.Erase(new EventMeta(requestId, requestId, at, "erasure-request")), null, ct, sealsData: false);
        return TypedResults.Accepted((string?)null, new ErasureResponse(subjectId, at, contactStreams.Count));
    }

    private static async Task<IResult> Export(string tenant, string subjectId, PartyIndex parties, PreferencesView view, HistoryReader history,
        Sealer sealer, TimeProvider clock, CancellationToken ct)
    {
        if (Ids.Problem(subjectId) is { } problem) return Problems.Validation("subjectId", problem);
        var people = parties.For(tenant);
        if (people.Subject(subjectId) is not { } subject) return Problems.NotFound($"No subject '{subjectId}' in this tenant.");
        var (_, events) = await history.ReadAsync(StreamId.Subject(tenant, subjectId), ct);
        var contacts = new List<ContactPointExport>();
        foreach (var contact in subject.ContactPoints.Where(c => people.Contact(c.Hash) is not null))
        {
            var stream = StreamId.Contact(tenant, contact.Hash);
            var open = await sealer.OpenerAsync(stream, ct);
            contacts.Add(new ContactPointExport(people.Source(contact.Hash) is { Stream: var s } source && s == stream ? open(source.Value) : null,
                (await history.ReadAsync(stream, ct)).Events));
        }
        return TypedResults.Ok(new SubjectExport(subjectId, clock.GetUtcNow(), await view.BuildAsync(tenant, subjectId, subject, ct), events, contacts));
    }
}
