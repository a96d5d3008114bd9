using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Links;

/// The person a link speaks for: an e-mail address (its own contact-point stream) or a subject of the tenant.
public sealed record Person(string Tenant, ContactPoint? Email, string? SubjectId)
{
    public static Person Of(LinkClaims claims) =>
        new(claims.Tenant, claims.Email is { } e && ContactPoint.TryParse(e, out var point) ? point : null, claims.SubjectId);

    public Recipient Recipient => Email is { } e ? new Recipient.Contact(e) : new Recipient.Subject(SubjectId!);
}

/// Statements a person makes from a link page (unsubscribe, confirmation, preference center), with the page's
/// evidence: the SHA-256 of the wording shown, and the IP address and user agent, sealed.
public sealed class PersonWrites(ContactWrites contacts, LedgerService ledger, PartyViews parties, ContactHasher hasher, Sealer sealer, StreamKeys keys, TimeProvider clock)
{
    /// The address to show the person: the link's own, or the subject's first e-mail address.
    public async Task<string?> EmailOfAsync(Person person, CancellationToken ct)
    {
        if (person.Email is { } email) return email.Value;
        if (await parties.SubjectAsync(person.Tenant, person.SubjectId!, ct) is not { Emails: [var first, ..] }) return null;
        return (await sealer.OpenerAsync(StreamId.Subject(person.Tenant, person.SubjectId!), ct))(first.Value);
    }

    /// What speaks for the person, as stored now: on Cosmos DB another instance may have taken their last write.
    public Task<IReadOnlyCollection<PartyState>> StatesAsync(Person person, CancellationToken ct) => parties.CurrentAsync(StreamOf(person), ct);

    /// Whether the person's own stream (the link's address, or the subject) has been erased: nothing is recorded for
    /// it. Read from the key store's tombstone, as every write is refused by it: that also covers an address of an
    /// erased subject that never had a stream of its own, and an erasure that a view has not caught up with.
    public Task<bool> ErasedAsync(Person person, CancellationToken ct) => keys.ErasedAsync(StreamOf(person), ct);

    /// The version of the person's own stream: request ids derived from a click include it, so a repeated click on
    /// the same state is a replay while a click after a later change is a new statement.
    public async Task<long> VersionAsync(Person person, CancellationToken ct) => (await parties.CurrentStateAsync(StreamOf(person), ct))?.Version ?? 0;

    /// When the person's own stream last took a request whose id starts so, read from the store (not a view that may lag).
    public async Task<DateTimeOffset?> LastRequestAsync(Person person, string requestIdPrefix, CancellationToken ct) =>
        (await ledger.LoadAsync(StreamOf(person), long.MaxValue, ct)).Requests
            .Where(r => r.Key.StartsWith(requestIdPrefix, StringComparison.Ordinal)).Select(r => (DateTimeOffset?)r.Value.At).Max();

    private StreamId StreamOf(Person person) => person.Email is { } email
        ? StreamId.Contact(person.Tenant, hasher.Hash(person.Tenant, email))
        : StreamId.Subject(person.Tenant, person.SubjectId!);

    public Task<LedgerWrite> WriteAsync(HttpContext http, Person person, string requestId, string source, string wording,
        Func<EventMeta, Evidence, LedgerCommand> build, CancellationToken ct)
    {
        var requestHash = Hashes.Sha256Hex($"{http.Request.Method} {requestId}");
        var origin = SubjectEndpoints.Origin(http.Request);
        if (person.Email is { } email)
            return contacts.WriteAsync(person.Tenant, email, requestId, requestHash, source, origin, (meta, seal) => build(meta, BrowserEvidence.Of(http, Hashes.Sha256Hex(wording), seal)), ct);
        var meta = new EventMeta(requestId, requestHash, clock.GetUtcNow(), source, origin);
        return ledger.WriteAsync(StreamId.Subject(person.Tenant, person.SubjectId!), requestId, seal => build(meta, BrowserEvidence.Of(http, Hashes.Sha256Hex(wording), seal)), null, ct);
    }
}
