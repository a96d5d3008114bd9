using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Projections;
using ConsentHub.Functions.Security;

namespace ConsentHub.Functions.Checks;

/// Answers "may I send this?" from the projections: no store round-trip per recipient.
public sealed class PermissionChecks(PartyIndex parties, ContactHasher hasher, IPartyLookup lookup)
{
    /// A batch of recipients, each answered from the states the lookup finds for it (in memory, or Cosmos DB views).
    public async Task<IReadOnlyList<Permission>> CheckManyAsync(string tenant, TenantCatalog catalog, string purpose, string channel,
        IReadOnlyList<string?> raw, CancellationToken ct)
    {
        var recipients = raw.Select(Recipient.Parse).ToList();
        var streams = recipients.Select(r => r switch
        {
            Recipient.Contact c => StreamId.Contact(tenant, hasher.Hash(tenant, c.Point)),
            Recipient.Subject s => StreamId.Subject(tenant, s.SubjectId),
            _ => (StreamId?)null,
        }).ToList();
        var asked = streams.OfType<StreamId>().Distinct().ToList();
        var found = await lookup.StatesAsync(asked, ct);
        var states = asked.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => found[x.i]);
        return [.. recipients.Select((r, i) => PermissionPolicy.Decide(catalog, purpose, channel, r,
            streams[i] is { } stream ? states[stream] : []))];
    }

    public Permission Check(string tenant, TenantCatalog catalog, string purpose, string channel, string? raw)
    {
        var recipient = Recipient.Parse(raw);
        var people = parties.For(tenant);
        IReadOnlyCollection<PartyState> states = recipient switch
        {
            Recipient.Contact c => people.StatesForContact(hasher.Hash(tenant, c.Point)),
            Recipient.Subject s => people.StatesForSubject(s.SubjectId),
            _ => [],
        };
        return PermissionPolicy.Decide(catalog, purpose, channel, recipient, states);
    }

    /// A contact point's decision with one stream's statements as of a change (what the change meant when it was
    /// made, however late it is delivered) and, for a subject's change, the contact point's own stream as it is now.
    public Permission CheckAsOf(string tenant, TenantCatalog catalog, string purpose, string channel, string raw, StreamId changed, PartyState asOf)
    {
        var recipient = Recipient.Parse(raw);
        var own = recipient is Recipient.Contact c && changed.IsSubject ? parties.For(tenant).Contact(hasher.Hash(tenant, c.Point)) : null;
        return PermissionPolicy.Decide(catalog, purpose, channel, recipient, own is null ? [asOf] : [asOf, own]);
    }

    /// For the suppressions feed: the decision for a contact point known only by its hash.
    public Permission CheckHash(string tenant, TenantCatalog catalog, string purpose, string channel, string hash, Recipient recipient) =>
        PermissionPolicy.Decide(catalog, purpose, channel, recipient, parties.For(tenant).StatesForContact(hash));
}
