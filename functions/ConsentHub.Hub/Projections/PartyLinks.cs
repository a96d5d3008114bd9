namespace ConsentHub.Hub.Projections;

/// One subject's link to a contact point as the party index keeps it: `Subject` is the subject's number in the
/// tenant's SubjectTable (from 1; 0: no link). `Kept` null: the subject's own listing of the
/// contact point (linked, holding no prohibitions, with the sealed value the subject's view holds for the hash), the
/// usual case, kept without bytes of its own; `Kind` then names the list (0 e-mail, 1 phone, 2 push). Otherwise
/// `Kept` is the whole link in compact form (PartyCodec.EncodeLink).
internal readonly record struct PartyLink(int Subject, long Version, byte Kind, byte[]? Kept)
{
    public static readonly string[] Kinds = ["email", "phone", "push"];

    public static byte? KindOf(string kind) => kind switch { "email" => 0, "phone" => 1, "push" => 2, _ => null };
}

/// A contact point's links, one for most: the first inline, any others in an array. `ReadAt`: when they were read
/// from the view store (see PartyIndex.Fresh).
internal readonly record struct PartyLinks(PartyLink First, PartyLink[]? More, long ReadAt)
{
    public int Count => First.Subject == 0 ? 0 : 1 + (More?.Length ?? 0);

    public PartyLink this[int i] => i == 0 ? First : More![i - 1];

    /// With `link` at the newer version of the two (the held one when they are equal).
    public PartyLinks With(PartyLink link)
    {
        for (var i = 0; i < Count; i++)
        {
            if (this[i].Subject != link.Subject) continue;
            if (this[i].Version >= link.Version) return this;
            if (i == 0) return this with { First = link };
            var changed = (PartyLink[])More!.Clone();
            changed[i - 1] = link;
            return this with { More = changed };
        }
        return Count == 0 ? this with { First = link } : this with { More = [.. More ?? [], link] };
    }

    /// Every link `other` holds merged in, each at the newer version; this one's ReadAt.
    public PartyLinks Merged(PartyLinks other)
    {
        var merged = this;
        for (var i = 0; i < other.Count; i++) merged = merged.With(other[i]);
        return merged;
    }
}
