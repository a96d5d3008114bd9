using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Tenants;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Requests;

/// GDPR art. 17 and 20: erasure by crypto-shredding, and a machine-readable export of everything held on a subject.
public static class ErasureEndpoints
{
    internal static IEndpointRouteBuilder MapErasureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/v1/{tenant}/subjects/{subjectId}", Erase).WithTags("Requests").RequireScope(Scopes.Dsr);
        app.MapGet("/api/v1/{tenant}/subjects/{subjectId}/export", Export).WithTags("Requests").RequireScope(Scopes.Dsr);
        return app;
    }

    // The subject's key and its contact points' keys are destroyed first, so that even a crash before the erasure
    // events are written leaves nothing readable; the keyed hashes and objections stay, so a prohibition still holds.
    // Each destroyed key leaves a tombstone: no later write, by any route, makes the stream a new key (API.md: 410).
    private static async Task<Results<Accepted<ErasureResponse>, ProblemHttpResult>> Erase(HttpContext http, string tenant, string subjectId, StreamKeys keys,
        LedgerService ledger, IEventStore store, Sealer sealer, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        if (Ids.Problem(subjectId) is { } problem) return Problems.Validation("subjectId", problem);
        if (await StatesAsync(ledger, tenant, subjectId, ct) is not { } found) return Problems.NotFound($"No subject '{subjectId}' in this tenant.");
        var (subject, contacts) = found;
        var subjectStream = StreamId.Subject(tenant, subjectId);
        var contactStreams = contacts.Select(c => StreamId.Contact(tenant, c.Identity!.Contact.Hash)).ToList();
        // Read while the keys exist; removed from the outbox before the keys go (a crash after leaves nothing to find
        // them by) and again after (a delivery that opened them just before).
        var addresses = await AddressesAsync(store, sealer, subjectStream, contactStreams, ct);
        await outbox.RemoveLinesOfAsync(tenant, addresses, ct);
        // Every contact point of the subject is tombstoned, also one that has no stream of its own yet, so that a
        // statement from that address (a subscription, a link, a provider's report) is refused like any other write.
        var tombstoned = subject.ContactPoints.Select(c => StreamId.Contact(tenant, c.Hash)).Union(contactStreams).Prepend(subjectStream);
        foreach (var stream in tombstoned) await keys.DestroyAsync(stream, ct);
        // The banner choices of the person's browsers hold their IP addresses and user agents: shredded with the rest.
        foreach (var visitor in subject.Visitors) await keys.DestroyAsync(StreamId.Visitor(tenant, visitor), ct);
        var at = clock.GetUtcNow();
        var requestId = "erase:" + subjectId;
        foreach (var stream in contactStreams.Prepend(subjectStream))
            await ledger.WriteAsync(stream, requestId, _ => new LedgerCommand.Erase(new EventMeta(requestId, requestId, at, "erasure-request")), null, ct, sealsData: false);
        await outbox.RemoveLinesOfAsync(tenant, addresses, ct);
        return TypedResults.Accepted((string?)null, new ErasureResponse(subjectId, at, contactStreams.Count));
    }

    /// Every e-mail address and phone number the subject's streams ever held, in clear (replaced ones too).
    private static async Task<List<string>> AddressesAsync(IEventStore store, Sealer sealer, StreamId subject, List<StreamId> contacts, CancellationToken ct)
    {
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var stream in contacts.Prepend(subject))
        {
            var open = await sealer.OpenerAsync(stream, ct);
            foreach (var stored in (await store.ReadStreamAsync(stream, ct)).Events)
            {
                var refs = EventCodec.Decode<LedgerEvent>(stored.Type, stored.Data) switch
                {
                    LedgerEvent.ContactPointsChanged c => c.Emails.Concat(c.Phones),
                    LedgerEvent.ContactIdentified i => [i.Contact],
                    _ => [],
                };
                foreach (var contact in refs)
                    if (open(contact.Value) is { } clear) addresses.Add(clear);
            }
        }
        return [.. addresses];
    }

    private static async Task<Results<Ok<SubjectExport>, ProblemHttpResult>> Export(string tenant, string subjectId, LedgerService ledger, PreferencesView view, HistoryReader history,
        Sealer sealer, TimeProvider clock, CancellationToken ct)
    {
        if (Ids.Problem(subjectId) is { } problem) return Problems.Validation("subjectId", problem);
        if (await StatesAsync(ledger, tenant, subjectId, ct) is not { } found) return Problems.NotFound($"No subject '{subjectId}' in this tenant.");
        var (subject, contactStates) = found;
        var (_, events) = await history.ReadAsync(StreamId.Subject(tenant, subjectId), ct);
        var contacts = new List<ContactPointExport>();
        foreach (var contact in contactStates)
        {
            var stream = StreamId.Contact(tenant, contact.Identity!.Contact.Hash);
            var open = await sealer.OpenerAsync(stream, ct);
            contacts.Add(new ContactPointExport(open(contact.Identity.Contact.Value), (await history.ReadAsync(stream, ct)).Events));
        }
        return TypedResults.Ok(new SubjectExport(subjectId, clock.GetUtcNow(), await view.BuildAsync(tenant, subjectId, subject, ct), events, contacts));
    }

    /// The subject's state and those of the statements made from its contact points, read from the store itself:
    /// an erasure must not act on a view that has not caught up yet.
    private static async Task<(PartyState Subject, List<PartyState> Contacts)?> StatesAsync(LedgerService ledger, string tenant, string subjectId, CancellationToken ct)
    {
        var subject = await ledger.LoadAsync(StreamId.Subject(tenant, subjectId), long.MaxValue, ct);
        if (!subject.Exists) return null;
        var contacts = new List<PartyState>();
        foreach (var contact in subject.ContactPoints)
            if (await ledger.LoadAsync(StreamId.Contact(tenant, contact.Hash), long.MaxValue, ct) is { Identity: not null } state) contacts.Add(state);
        return (subject, contacts);
    }
}
