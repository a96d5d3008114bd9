using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Ledger;

/// Statements made from a bare contact point (an unsubscribe link, an SMS STOP, a provider's report): written to
/// the contact point's own stream, which a check of that contact point or of any subject linked to it sees.
public sealed class ContactWrites(LedgerService ledger, ContactHasher hasher, TimeProvider clock)
{
    public Task<LedgerWrite> WriteAsync(string tenant, ContactPoint contact, string requestId, string requestHash, string? source, string? origin,
        Func<EventMeta, Seal, LedgerCommand> build, CancellationToken ct)
    {
        var line = Line(tenant, contact, requestId, requestHash, source, origin, build);
        return ledger.WriteAsync(line.Stream, requestId, line.Build, line.Identify, ct);
    }

    /// The same statement as a line of a batch (LedgerService.WriteManyAsync).
    public LedgerLine Line(string tenant, ContactPoint contact, string requestId, string requestHash, string? source, string? origin,
        Func<EventMeta, Seal, LedgerCommand> build)
    {
        var hash = hasher.Hash(tenant, contact);
        var meta = new EventMeta(requestId, requestHash, clock.GetUtcNow(), source, origin);
        return new LedgerLine(StreamId.Contact(tenant, hash), requestId, seal => build(meta, seal),
            seal => new LedgerEvent.ContactIdentified(contact.KindName, new ContactRef(hash, seal(contact.Value)!.Value), meta));
    }
}
