using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Ledger;
using ConsentHub.Functions.Projections;
using ConsentHub.Functions.Security;

namespace ConsentHub.Functions.Checks;

/// Answers "may I send this?" from the in-memory projections: no store round-trip per recipient.
public sealed class PermissionChecks(PartyIndex parties, ContactHasher hasher)
{
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

    /// For the suppressions feed: the decision for a contact point known only by its hash.
    public Permission CheckHash(string tenant, TenantCatalog catalog, string purpose, string channel, string hash, Recipient recipient) =>
        PermissionPolicy.Decide(catalog, purpose, channel, recipient, parties.For(tenant).StatesForContact(hash));
}
