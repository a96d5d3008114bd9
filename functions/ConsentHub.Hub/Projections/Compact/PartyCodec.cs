using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Hub.Projections.Compact;

/// A party view or a contact link as the party index keeps it: one array of bytes, no object per statement
/// (issue 12: resident memory per subject). The index turns it back into the view when a check asks for it; what
/// comes back is the view as stored, value for value, but for the sealed values of its contact points: those stay
/// in the store only (a check decides on hashes; the few readers that open an address read the stored view, see
/// PartyIndex.StateAsync), so a contact point comes back with its hash and a null value. A view with a contact
/// point's identity (a bare contact point's stream, rare) is kept as its stored JSON: the same answer, values
/// included, less compact. A contact point's hash is written as its number in the tenant's link table (LinkTable),
/// which keeps its 32 bytes once however many views list it: a view is encoded and read with its tenant's table.
internal static class PartyCodec
{
    internal const byte Compact = 1, Json = 2;

    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;

    private static ArrayBufferWriter<byte> Buffer()
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        return buffer;
    }

    public static byte[] Encode(PartyView view, ReadOnlySpan<byte> storedJson, LinkTable? contacts)
    {
        var buffer = Buffer();
        var w = new CompactWriter(buffer);
        if (view.Identity is not null)
        {
            w.Put(Json);
            return [.. buffer.WrittenSpan, .. storedJson];
        }
        w.Put(Compact);
        w.Number((ulong)view.Version);
        w.Base(view.LastChangedAt);   // first: the other times are written as differences from it
        Contacts(w, view.Emails, contacts);
        Contacts(w, view.Phones, contacts);
        // Push and visitors: 0 for none at all (null), else 1 + how many.
        w.Number(view.Push is null ? 0 : (ulong)view.Push.Count + 1);
        foreach (var c in view.Push ?? []) Contact(w, c, contacts);
        w.Number((ulong)view.Objections.Count);
        foreach (var o in view.Objections)
        {
            w.Word(o.Scope);
            w.Word(o.Channel);
            w.Time(o.Since);
            w.Word(o.Source);
        }
        w.Number((ulong)view.Consents.Count);
        foreach (var c in view.Consents)
        {
            w.Word(c.Purpose);
            w.Word(c.Channel);
            w.Put(c.Granted ? (byte)1 : (byte)0);
            w.Time(c.Since);
            w.Word(c.PolicyVersion);
            w.Word(c.Source);
        }
        w.Number((ulong)view.Newsletters.Count);
        foreach (var n in view.Newsletters)
        {
            w.Word(n.ListId);
            if (n.Entry is not { } e)
            {
                w.Put(0);
                continue;
            }
            w.Put(1);
            w.Word(e.Status);
            w.Time(e.Since);
            w.Time(e.ConfirmedAt);
            w.Time(e.UnsubscribedAt);
            w.Word(e.Language);
        }
        w.Put((byte)((view.Restricted ? 1 : 0) | (view.Erased ? 2 : 0)));
        w.Time(view.RestrictedSince);
        w.Time(view.ClosedAt);
        w.Number(view.Visitors is null ? 0 : (ulong)view.Visitors.Count + 1);
        foreach (var v in view.Visitors ?? []) w.Text(v);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Contacts(CompactWriter w, IReadOnlyList<ContactRef> list, LinkTable? contacts)
    {
        w.Number((ulong)list.Count);
        foreach (var c in list) Contact(w, c, contacts);
    }

    private static void Contact(CompactWriter w, ContactRef? c, LinkTable? contacts)
    {
        if (c is null)
        {
            w.Put(0);
            return;
        }
        w.Put(1);
        w.Hash(c.Hash, contacts);
    }

    /// `contacts`: the tenant's link table that numbered the view's contact points (Encode).
    public static PartyView Decode(ReadOnlySpan<byte> blob, LinkTable? contacts)
    {
        if (blob[0] == Json)
            return JsonSerializer.Deserialize<PartyView>(blob[1..], ConsentHub.Contracts.Json.Options) ?? throw new JsonException("Empty party view");
        var r = new CompactReader(blob, contacts);
        r.Byte();
        var version = (long)r.Number();
        var lastChangedAt = r.Base();
        var emails = Contacts(ref r, r.Count());
        var phones = Contacts(ref r, r.Count());
        var pushCount = r.Count();
        var push = pushCount == 0 ? null : Contacts(ref r, pushCount - 1);
        var objections = new PartyView.Objection[r.Count()];
        for (var i = 0; i < objections.Length; i++) objections[i] = new(r.Word()!, r.Word()!, r.Time(), r.Word());
        var consents = new PartyView.Consent[r.Count()];
        for (var i = 0; i < consents.Length; i++) consents[i] = new(r.Word()!, r.Word(), r.Byte() == 1, r.Time(), r.Word(), r.Word());
        var newsletters = new PartyView.Newsletter[r.Count()];
        for (var i = 0; i < newsletters.Length; i++)
            newsletters[i] = new(r.Word()!, r.Byte() == 0 ? null! : new NewsletterEntry(r.Word()!, r.Time(), r.MaybeTime(), r.MaybeTime(), r.Word()));
        var flags = r.Byte();
        var restrictedSince = r.MaybeTime();
        var closedAt = r.MaybeTime();
        var visitorCount = r.Count();
        string[]? visitors = visitorCount == 0 ? null : new string[visitorCount - 1];
        for (var i = 0; visitors is not null && i < visitors.Length; i++) visitors[i] = r.Text();
        return new PartyView(version, objections, consents, newsletters, (flags & 1) != 0, restrictedSince, emails, phones, null, (flags & 2) != 0,
            lastChangedAt, visitors, push, closedAt);
    }

    /// The state the view stands for: as PartyView.ToState of the decoded view, made without the view in between
    /// (the hot path of checks makes one per recipient).
    public static PartyState DecodeState(ReadOnlySpan<byte> blob, LinkTable? contacts)
    {
        if (blob[0] == Json) return Decode(blob, null).ToState();
        var r = new CompactReader(blob, contacts);
        r.Byte();
        var version = (long)r.Number();
        var lastChangedAt = r.Base();
        var emails = Contacts(ref r, r.Count());
        var phones = Contacts(ref r, r.Count());
        var pushCount = r.Count();
        var push = pushCount == 0 ? [] : Contacts(ref r, pushCount - 1);
        var objections = ImmutableDictionary<ObjectionKey, ObjectionEntry>.Empty;
        if (r.Count() is var o and > 0)
        {
            var builder = ImmutableDictionary.CreateBuilder<ObjectionKey, ObjectionEntry>();
            for (var i = 0; i < o; i++) builder.Add(new ObjectionKey(r.Word()!, r.Word()!), new ObjectionEntry(r.Time(), r.Word()));
            objections = builder.ToImmutable();
        }
        var consents = ImmutableDictionary<ConsentKey, ConsentEntry>.Empty;
        if (r.Count() is var c and > 0)
        {
            var builder = ImmutableDictionary.CreateBuilder<ConsentKey, ConsentEntry>();
            for (var i = 0; i < c; i++) builder.Add(new ConsentKey(r.Word()!, r.Word()), new ConsentEntry(r.Byte() == 1, r.Time(), r.Word(), r.Word()));
            consents = builder.ToImmutable();
        }
        var newsletters = ImmutableDictionary<string, NewsletterEntry>.Empty;
        if (r.Count() is var n and > 0)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, NewsletterEntry>();
            for (var i = 0; i < n; i++)
                builder.Add(r.Word()!, r.Byte() == 0 ? null! : new NewsletterEntry(r.Word()!, r.Time(), r.MaybeTime(), r.MaybeTime(), r.Word()));
            newsletters = builder.ToImmutable();
        }
        var flags = r.Byte();
        var restrictedSince = r.MaybeTime();
        var closedAt = r.MaybeTime();
        var visitors = new string[Math.Max(r.Count() - 1, 0)];
        for (var i = 0; i < visitors.Length; i++) visitors[i] = r.Text();
        return PartyState.Initial with
        {
            Version = version,
            Objections = objections,
            Consents = consents,
            Newsletters = newsletters,
            Restricted = (flags & 1) != 0,
            RestrictedSince = restrictedSince,
            Emails = new(emails),
            Phones = new(phones),
            Erased = (flags & 2) != 0,
            LastChangedAt = lastChangedAt,
            Visitors = [.. visitors],
            Push = new(push),
            ClosedAt = closedAt,
        };
    }

    private static ContactRef[] Contacts(ref CompactReader r, int count)
    {
        var contacts = new ContactRef[count];
        for (var i = 0; i < count; i++) contacts[i] = r.Byte() == 0 ? null! : new ContactRef(r.Hash(), default);
        return contacts;
    }

    /// Whether a view kept compact lists any contact point: its state from memory then lacks their sealed values.
    public static bool LacksValues(byte[] blob)
    {
        if (blob[0] != Compact) return false;
        var r = new CompactReader(blob);
        r.Byte();
        r.Number();
        r.SkipMaybeTime();
        return r.Count() > 0 || r.Count() > 0 || r.Count() > 1;
    }

    /// A link as kept when it is not simply its subject's listing (a let-go address, one whose holds prohibitions):
    /// without its sealed value, which only the stored link row keeps (PartyViews.SourceAsync reads it there).
    public static byte[] EncodeLink(ContactLink link)
    {
        var buffer = Buffer();
        var w = new CompactWriter(buffer);
        w.Put(Compact);
        w.Put(link.Linked ? (byte)1 : (byte)0);
        w.Text(link.SubjectId);
        w.Word(link.Kind);
        if (link.Held is not { } held) w.Put(0);
        else
        {
            w.Put(1);
            w.Number((ulong)held.Objections.Count);
            foreach (var o in held.Objections)
            {
                w.Word(o.Scope);
                w.Word(o.Channel);
                w.Time(o.Since);
                w.Word(o.Source);
            }
            w.Put(held.Restricted ? (byte)1 : (byte)0);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static ContactLink DecodeLink(byte[] blob)
    {
        var r = new CompactReader(blob);
        r.Byte();
        var linked = r.Byte() == 1;
        var subjectId = r.Text();
        var kind = r.Word()!;
        HeldProhibitions? held = null;
        if (r.Byte() == 1)
        {
            var objections = new PartyView.Objection[r.Count()];
            for (var i = 0; i < objections.Length; i++) objections[i] = new(r.Word()!, r.Word()!, r.Time(), r.Word());
            held = new(objections, r.Byte() == 1);
        }
        return new(subjectId, linked, kind, default, held);
    }
}
