using ConsentHub.Contracts;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Holds;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Requests;

/// How an erasure ended: the answer, or a legal hold asked for after the subject was already erased (nothing is left to hold).
public sealed record ErasureResult(ErasureResponse? Response, bool HoldTooLate = false);

/// GDPR art. 17 erasure by crypto-shredding, for the erasure route and for the retention run (a closed account, an
/// inactive contact): the same path, so that a prohibition outlives the data the same way whoever erases.
public sealed class SubjectErasure(StreamKeys keys, LedgerService ledger, IEventStore store, Sealer sealer, Outbox outbox, LegalHolds holds, RequestErasure requests, TimeProvider clock)
{
    // The subject's key and its contact points' keys are destroyed first, so that even a crash before the erasure
    // events are written leaves nothing readable; the keyed hashes and objections stay, so a prohibition still holds.
    // Each destroyed key leaves a tombstone: no later write, by any route, makes the stream a new key (API.md: 410).
    /// Erases the subject, keeping what `hold` names; null when the tenant has no such subject. `source` names who
    /// erased (the events' source).
    public async Task<ErasureResult?> EraseAsync(string tenant, string subjectId, string source, ErasureHold? hold, CancellationToken ct)
    {
        if (await SubjectStates.LoadAsync(ledger, tenant, subjectId, ct) is not { } found) return null;
        var (subject, contacts) = found;
        var subjectStream = StreamId.Subject(tenant, subjectId);
        var contactStreams = contacts.Select(c => StreamId.Contact(tenant, c.Identity!.Contact.Hash)).ToList();
        var at = clock.GetUtcNow();
        var requestId = "erase:" + subjectId;
        // A repeated erasure (a retry after a crash, with or without the body) answers and records the hold already placed.
        var placed = subject.Erased || hold is not null ? await holds.FindAsync(tenant, subjectId, ct) : null;
        if (hold is not null && subject.Erased && (placed is null || !placed.Keep.Equals(hold.Keep) || placed.Until != hold.Until))
            // Placed with the erasure that shreds what it keeps: once the keys are gone there is nothing left to hold.
            return new ErasureResult(null, HoldTooLate: true);
        if (hold is not null && placed is null)
        {
            // Copied while the keys exist, under the hold's own key, before any key is destroyed: a crash in between
            // leaves the subject unerased and the hold placed, and the retried erasure finishes the rest.
            var held = await ErasureHold.CopyAsync(store, sealer, subject, subjectStream, contactStreams, hold.Keep, ct);
            await holds.PlaceAsync(tenant, subjectId, hold.Keep, hold.Until, hold.Reason, held, new EventMeta(requestId, requestId, at, source), ct);
        }
        var heldKinds = placed?.Keep ?? hold?.Keep ?? EquatableArray<string>.Empty;
        var heldUntil = placed?.Until ?? hold?.Until;
        var erasedKinds = new EquatableArray<string>(HeldData.All.Where(k => !heldKinds.Contains(k)));
        // Read while the keys exist; removed from the outbox before the keys go (a crash after leaves nothing to find
        // them by) and again after (a delivery that opened them just before).
        var addresses = await AddressesAsync(subjectStream, contactStreams, ct);
        await outbox.RemoveLinesOfAsync(tenant, addresses, ct);
        // Every contact point of the subject is tombstoned, also one that has no stream of its own yet, so that a
        // statement from that address (a subscription, a link, a provider's report) is refused like any other write.
        var tombstoned = subject.ContactPoints.Select(c => StreamId.Contact(tenant, c.Hash)).Union(contactStreams).Prepend(subjectStream);
        foreach (var stream in tombstoned) await keys.DestroyAsync(stream, ct);
        // The banner choices of the person's browsers hold their IP addresses and user agents: shredded with the rest.
        foreach (var visitor in subject.Visitors) await keys.DestroyAsync(StreamId.Visitor(tenant, visitor), ct);
        // Their data subject requests: the keys of what was sealed in them, and their attachments.
        await requests.EraseAsync(tenant, subjectId, ct);
        foreach (var stream in contactStreams.Prepend(subjectStream))
            await ledger.WriteAsync(stream, requestId, _ => new LedgerCommand.Erase(new EventMeta(requestId, requestId, at, source),
                erasedKinds, heldKinds, heldUntil), null, ct, sealsData: false);
        await outbox.RemoveLinesOfAsync(tenant, addresses, ct);
        return new ErasureResult(new ErasureResponse(subjectId, at, contactStreams.Count, [.. heldKinds], heldUntil));
    }

    /// Every e-mail address, phone number and push token the subject's streams ever held, in clear (replaced ones too).
    private async Task<List<string>> AddressesAsync(StreamId subject, List<StreamId> contacts, CancellationToken ct)
    {
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var stream in contacts.Prepend(subject))
        {
            var open = await sealer.OpenerAsync(stream, ct);
            foreach (var stored in (await store.ReadStreamAsync(stream, ct)).Events)
            {
                var refs = EventCodec.Decode<LedgerEvent>(stored.Type, stored.Data) switch
                {
                    LedgerEvent.ContactPointsChanged c => c.Emails.Concat(c.Phones).Concat(c.Push ?? default),
                    LedgerEvent.ContactIdentified i => [i.Contact],
                    _ => [],
                };
                foreach (var contact in refs)
                    if (open(contact.Value) is { } clear) addresses.Add(clear);
            }
        }
        return [.. addresses];
    }
}
