using ConsentHub.Hub.Projections.Compact;

namespace ConsentHub.Hub.Projections;

/// A compact view that speaks for a recipient: a party view (PartyCodec.Encode), or, `Held`, the link of a subject
/// that let go of the contact point holding prohibitions (PartyCodec.EncodeLink): `Length` bytes of `Bytes` from `At`.
internal readonly record struct SpokenView(byte[] Bytes, int At, int Length, bool Held)
{
    public SpokenView(byte[] bytes, bool held) : this(bytes, 0, bytes.Length, held) { }

    public ReadOnlySpan<byte> View => Bytes.AsSpan(At, Length);
}

/// The lookups of a batch of checks (issue 12): the same walk as PartyViews' (a contact point's own view, then each
/// linked subject's view or the prohibitions a subject held; a subject's view, then its contact points' views), in the
/// same order, but by the hash's 32 bytes and into a buffer the caller reuses, handing out the views' bytes (decided
/// on by ViewFacts) instead of states. False where memory does not answer alone: an index read on use (Cosmos DB), a
/// link whose subject no longer lists the contact point, a view kept as JSON; the walk answers those.
public sealed partial class PartyIndex
{
    /// Reads, without locks and without using what it reads, the memory the lookups of these keys will read first:
    /// each key's slot of links, then its subject's row, then the first bytes of its view. A batch of checks asks this
    /// for a few keys at once before it looks them up one by one, so that their cache misses overlap instead of
    /// coming one after the other (in a large index nearly every lookup misses the cache, three times).
    internal int Touch(string tenant, ReadOnlySpan<ContactKey> keys)
    {
        if (!Complete) return 0;
        var parties = Of(tenant);
        Span<int> subjects = stackalloc int[keys.Length];
        for (var i = 0; i < keys.Length; i++) subjects[i] = parties.Links.Peek(keys[i]);
        var sum = 0;
        foreach (var subject in subjects) sum += parties.Subjects.Peek(subject);
        return sum;
    }

    /// `copies`: where a subject's view is copied to be read outside its table's lock (SubjectTable), reused.
    internal bool TryContactViews(string tenant, ContactKey key, List<SpokenView> into, ViewCopies copies)
    {
        if (!Complete) return false;
        var parties = Of(tenant);
        if (parties.Contacts.TryGetValue(key, out var own) && own.View is { } view) into.Add(new(view, false));
        if (!parties.Links.TryGetValue(key, out var links, out var number)) return true;
        for (var i = 0; i < links.Count; i++)
        {
            var cell = links[i];
            if (cell.Kept is { } kept)
            {
                if (kept[1] == 0)   // let go of: what it held, if anything
                {
                    if (ViewFacts.Holds(kept)) into.Add(new(kept, true));
                }
                else if (parties.Subjects.TryCopyView(cell.Subject, copies, out var at, out var length)) into.Add(new(copies.Bytes, at, length, false));
                continue;
            }
            if (!parties.Subjects.TryCopyView(cell.Subject, copies, out var from, out var size)) return false;
            var listing = new SpokenView(copies.Bytes, from, size, false);
            if (!ViewFacts.Lists(listing.View, key, number)) return false;
            into.Add(listing);
        }
        return true;
    }

    /// `keys`: a list for the subject's contact points, reused by the caller.
    internal bool TrySubjectViews(string tenant, string subjectId, List<SpokenView> into, List<ContactKey> keys, ViewCopies copies)
    {
        if (!Complete) return false;
        var parties = Of(tenant);
        if (!parties.Subjects.TryCopyView(subjectId, copies, out var at, out var length)) return true;
        var view = new SpokenView(copies.Bytes, at, length, false);
        keys.Clear();
        if (!ViewFacts.TryKeys(view.View, keys, parties.Links)) return false;
        into.Add(view);
        foreach (var key in keys)
            if (parties.Contacts.TryGetValue(key, out var contact) && contact.View is { } contactView) into.Add(new(contactView, false));
        return true;
    }
}
