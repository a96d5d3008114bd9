using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Checks;

/// Answers "may I send this?" from the party views (PartyViews, held in memory by PartyIndex).
public sealed class PermissionChecks(PartyViews parties, ContactHasher hasher, GroupProhibitions group)
{
    /// A batch of recipients, each answered from the states the party views hold for it. The tenant's group is looked
    /// at once: outside a sharing group no recipient waits for the other members' prohibitions. A recipient asked
    /// twice in a batch is looked up once.
    public async Task<IReadOnlyList<Permission>> CheckManyAsync(string tenant, TenantCatalog catalog, string purpose, string channel,
        IReadOnlyList<string?> raw, CancellationToken ct)
    {
        var count = raw.Count;
        var recipients = new Recipient[count];
        var at = new int[count];
        var asked = new List<StreamId>(count);
        var seen = new Dictionary<StreamId, int>(count);
        using (var hmac = hasher.For(tenant))
        {
            for (var i = 0; i < count; i++)
            {
                var recipient = recipients[i] = Recipient.Parse(raw[i]);
                StreamId? stream = recipient switch
                {
                    Recipient.Contact c => StreamId.Contact(tenant, hmac.Hash(c.Point)),
                    Recipient.Subject s => StreamId.Subject(tenant, s.SubjectId),
                    _ => null,
                };
                if (stream is not { } known) at[i] = -1;
                else if (seen.TryGetValue(known, out var first)) at[i] = first;
                else
                {
                    seen.Add(known, at[i] = asked.Count);
                    asked.Add(known);
                }
            }
        }
        var found = await parties.StatesAsync(asked, ct);
        var shares = group.Shares(catalog);
        var answers = new Permission[count];
        for (var i = 0; i < count; i++)
        {
            var r = recipients[i];
            IReadOnlyCollection<PartyState> own = at[i] >= 0 ? found[at[i]] : [];
            if (!shares)
            {
                answers[i] = PermissionPolicy.Decide(catalog, purpose, channel, r, own);
                continue;
            }
            var shared = r switch
            {
                Recipient.Contact c => await group.StatesAsync(tenant, catalog, c.Point, ct),
                Recipient.Subject s => await group.ForSubjectAsync(tenant, catalog, s.SubjectId, own.FirstOrDefault(p => p.Identity is null), ct),
                _ => [],
            };
            answers[i] = PermissionPolicy.Decide(catalog, purpose, channel, r, shared.Count == 0 ? own : [.. own, .. shared]);
        }
        return answers;
    }

    /// A contact point's decision with one stream's statements as of a change (what the change meant when it was
    /// made, however late it is delivered) and, for a subject's change, the contact point's own stream as it is now.
    public async Task<Permission> CheckAsOfAsync(string tenant, TenantCatalog catalog, string purpose, string channel, string raw, StreamId changed, PartyState asOf,
        CancellationToken ct)
    {
        var recipient = Recipient.Parse(raw);
        var own = recipient is Recipient.Contact c && changed.IsSubject ? await parties.ContactAsync(tenant, hasher.Hash(tenant, c.Point), ct) : null;
        return PermissionPolicy.Decide(catalog, purpose, channel, recipient, own is null ? [asOf] : [asOf, own]);
    }

    /// A contact point's decision on one stream's statements alone, as of a change.
    public static Permission AsOf(TenantCatalog catalog, string purpose, string channel, string raw, PartyState asOf) =>
        PermissionPolicy.Decide(catalog, purpose, channel, Recipient.Parse(raw), [asOf]);

    /// For the suppressions feed: the decision for a contact point known by its hash, and by its clear value when the
    /// tenant shares prohibitions with a group (the other members' hashes are made from it).
    public async Task<Permission> CheckHashAsync(string tenant, TenantCatalog catalog, string purpose, string channel, string hash, Recipient recipient,
        CancellationToken ct, ContactPoint? clear = null)
    {
        var own = await parties.ForContactAsync(tenant, hash, ct);
        var shared = clear is { } point ? await group.StatesAsync(tenant, catalog, point, ct) : [];
        return PermissionPolicy.Decide(catalog, purpose, channel, recipient, shared.Count == 0 ? own : [.. own, .. shared]);
    }
}
