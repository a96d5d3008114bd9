using System.Buffers.Binary;
using System.Buffers.Text;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Checks;

/// Answers "may I send this?" from the party views (PartyViews, held in memory by PartyIndex).
public sealed partial class PermissionChecks(PartyViews parties, PartyIndex index, ContactHasher hasher, GroupProhibitions group)
{
    /// A batch of recipients, each answered from the states the party views hold for it. The tenant's group is looked
    /// at once: outside a sharing group no recipient waits for the other members' prohibitions. A recipient asked
    /// twice in a batch is looked up once. The common forms of e-mail addresses and phone numbers are normalised and
    /// hashed from a stack buffer (ContactText) and looked up by their stream's name, made once; everything else (a
    /// subject, a device token, odd or invalid text) takes Recipient.Parse, the reference.
    public async Task<IReadOnlyList<Permission>> CheckManyAsync(string tenant, TenantCatalog catalog, string purpose, string channel,
        IReadOnlyList<string?> raw, CancellationToken ct)
    {
        var question = PermissionQuestion.Of(catalog, purpose, channel);
        if (!group.Shares(catalog) && index.IsComplete) return await FromMemoryAsync(tenant, question, raw, ct);
        var count = raw.Count;
        var kinds = new RecipientKind[count];
        var parsed = new Recipient?[count];   // only where the group needs it or the fast path did not answer
        var at = new int[count];
        var asked = new List<StreamId>(count);
        var seen = new Dictionary<Mac, int>(count);
        var seenSubjects = new Dictionary<string, int>(StringComparer.Ordinal);
        var shares = group.Shares(catalog);
        using (var hmac = hasher.For(tenant))
        {
            Span<char> value = stackalloc char[ContactText.MaxLength];
            Span<byte> mac = stackalloc byte[ContactHasher.MacLength];
            for (var i = 0; i < count; i++)
            {
                var text = raw[i];
                if (text is not null && !shares && ContactText.TryNormalize(text, value, out var kind, out var length))
                {
                    kinds[i] = kind == ContactKind.Email ? RecipientKind.Email : RecipientKind.Phone;
                    hmac.Hash(kind, value[..length], mac);
                }
                else
                {
                    var recipient = parsed[i] = Recipient.Parse(text);
                    kinds[i] = PermissionQuestion.KindOf(recipient);
                    if (recipient is Recipient.Subject s)
                    {
                        var stream = StreamId.Subject(tenant, s.SubjectId);
                        if (seenSubjects.TryGetValue(stream.Name, out var first)) at[i] = first;
                        else
                        {
                            seenSubjects.Add(stream.Name, at[i] = asked.Count);
                            asked.Add(stream);
                        }
                        continue;
                    }
                    if (recipient is not Recipient.Contact c)
                    {
                        at[i] = -1;
                        continue;
                    }
                    hmac.Hash(c.Point.Kind, c.Point.Value, mac);
                }
                var key = Mac.Of(mac);
                if (seen.TryGetValue(key, out var known)) at[i] = known;
                else
                {
                    seen.Add(key, at[i] = asked.Count);
                    asked.Add(new StreamId(tenant, ContactStreamName(mac)));
                }
            }
        }
        var found = await parties.StatesAsync(asked, ct, values: false);
        var answers = new Permission[count];
        for (var i = 0; i < count; i++)
        {
            IReadOnlyCollection<PartyState> own = at[i] >= 0 ? found[at[i]] : [];
            if (!shares)
            {
                answers[i] = question.Decide(kinds[i], own);
                continue;
            }
            var shared = parsed[i] switch
            {
                Recipient.Contact c => await group.StatesAsync(tenant, catalog, c.Point, ct),
                Recipient.Subject s => await group.ForSubjectAsync(tenant, catalog, s.SubjectId, own.FirstOrDefault(p => p.Identity is null), ct),
                _ => [],
            };
            answers[i] = question.Decide(kinds[i], shared.Count == 0 ? own : [.. own, .. shared]);
        }
        return answers;
    }

    /// A contact point's stream name (StreamId.Contact: `contact-` and the hash as the hasher writes it) in one string.
    private static string ContactStreamName(ReadOnlySpan<byte> mac)
    {
        const string prefix = "contact-";
        Span<char> name = stackalloc char[prefix.Length + 43];
        prefix.CopyTo(name);
        var written = Base64Url.EncodeToChars(mac, name[prefix.Length..]);
        return new string(name[..(prefix.Length + written)]);
    }

    /// A keyed hash as a dictionary key: its 32 bytes, compared whole.
    private readonly record struct Mac(ulong A, ulong B, ulong C, ulong D)
    {
        public static Mac Of(ReadOnlySpan<byte> mac) => new(BinaryPrimitives.ReadUInt64LittleEndian(mac), BinaryPrimitives.ReadUInt64LittleEndian(mac[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(mac[16..]), BinaryPrimitives.ReadUInt64LittleEndian(mac[24..]));
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
