using ConsentHub.Domain.Checks;

namespace ConsentHub.Hub.Projections.Compact;

/// What the decision table needs of a compact party view (PartyCodec's format), read straight from its bytes and told
/// to a PermissionTally: flags, objections, and the one consent purpose or newsletter a question asks about. No state,
/// dictionary or string of the view is made (words are CompactWords' own strings), where turning the view back into
/// its PartyState cost a check most of its time. A view kept as JSON is decoded and told as its state.
internal static class ViewFacts
{
    public static void Tally(ReadOnlySpan<byte> view, PermissionQuestion question, ref PermissionTally tally)
    {
        if (view[0] != PartyCodec.Compact)
        {
            question.Add(ref tally, PartyCodec.DecodeState(view, null));   // kept as JSON: no numbered hashes
            return;
        }
        var r = new CompactReader(view);
        r.Byte();
        r.Number();
        r.Base();
        SkipContacts(ref r, r.Count());
        SkipContacts(ref r, r.Count());
        if (r.Count() is var push and > 0) SkipContacts(ref r, push - 1);
        PermissionQuestion.Begin(ref tally);
        for (var i = r.Count(); i > 0; i--)
        {
            var scope = r.Word()!;
            var channel = r.Word()!;
            r.SkipTime();
            r.SkipWord();
            question.Objection(ref tally, scope, channel);
        }
        for (var i = r.Count(); i > 0; i--)
        {
            var counts = question.ConsentCounts(r.Word()!, r.Word());
            var granted = r.Byte() == 1;
            if (counts > 0) PermissionQuestion.Consent(ref tally, counts == 1, granted, r.Time());
            else r.SkipTime();
            r.SkipWord();
            r.SkipWord();
        }
        var list = question.NewsletterId;
        for (var i = r.Count(); i > 0; i--)
        {
            var asked = false;
            if (list is null) r.SkipWord();
            else asked = r.Word() == list;
            if (r.Byte() == 0) continue;
            r.SkipWord();
            r.SkipTime();
            DateTimeOffset? confirmed = r.MaybeTime(), unsubscribed = r.MaybeTime();
            r.SkipWord();
            if (asked) PermissionQuestion.Newsletter(ref tally, confirmed, unsubscribed);
        }
        var flags = r.Byte();
        PermissionQuestion.Flags(ref tally, (flags & 1) != 0, (flags & 2) != 0);
    }

    /// The prohibitions a link holds (a subject that let go of the contact point, PartyCodec.EncodeLink), as
    /// HeldProhibitions.ToState tells them: objections and restriction only.
    public static void TallyHeld(ReadOnlySpan<byte> link, PermissionQuestion question, ref PermissionTally tally)
    {
        var r = new CompactReader(link);
        r.Byte();
        r.Byte();
        r.SkipText();
        r.SkipWord();
        if (r.Byte() != 1) return;
        PermissionQuestion.Begin(ref tally);
        for (var i = r.Count(); i > 0; i--)
        {
            var scope = r.Word()!;
            var channel = r.Word()!;
            r.SkipTime();
            r.SkipWord();
            question.Objection(ref tally, scope, channel);
        }
        PermissionQuestion.Flags(ref tally, r.Byte() == 1, false);
    }

    /// Whether a link holds prohibitions (what a check of the contact point hears from a subject that let go of it).
    public static bool Holds(byte[] link)
    {
        var r = new CompactReader(link);
        r.Byte();
        r.Byte();
        r.SkipText();
        r.SkipWord();
        return r.Byte() == 1;
    }

    /// The keys of the contact points a view lists (e-mails, then phones, then push), in order; false for a view
    /// kept as JSON. `contacts`: the tenant's link table, which numbered them.
    public static bool TryKeys(ReadOnlySpan<byte> view, List<ContactKey> into, LinkTable contacts)
    {
        if (view[0] != PartyCodec.Compact) return false;
        var r = new CompactReader(view, contacts);
        r.Byte();
        r.Number();
        r.SkipMaybeTime();
        for (var list = 0; list < 3; list++)
        {
            var count = r.Count();
            if (list == 2 && count-- == 0) break;
            for (var i = 0; i < count; i++)
            {
                if (r.Byte() == 0) continue;
                into.Add(r.Key());
            }
        }
        return true;
    }

    /// Whether the view lists the contact point `key` (e-mails, then phones, then push), without reading the rest of
    /// the view; `number`: its number in the tenant's link table (0: none). False for a view kept as JSON.
    public static bool Lists(ReadOnlySpan<byte> view, ContactKey key, int number)
    {
        if (view[0] != PartyCodec.Compact) return false;
        var r = new CompactReader(view);
        r.Byte();
        r.Number();
        r.SkipMaybeTime();
        for (var list = 0; list < 3; list++)
        {
            var count = r.Count();
            if (list == 2 && count-- == 0) return false;
            for (var i = 0; i < count; i++)
            {
                if (r.Byte() == 0) continue;
                if (r.HashIs(key, number)) return true;
            }
        }
        return false;
    }

    private static void SkipContacts(ref CompactReader r, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (r.Byte() != 0) r.SkipHash();
        }
    }
}
