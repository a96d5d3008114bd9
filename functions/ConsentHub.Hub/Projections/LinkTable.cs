namespace ConsentHub.Hub.Projections;

/// The party index's links by contact point (issue 12: memory per subject). Nearly every contact point has one link,
/// its subject's own listing kept without bytes (PartyLink): such an entry is kept as the key's 32 bytes, the subject's
/// number (SubjectTable: 4 bytes, not an 8-byte reference to its id) and the link's version (4 bytes; a larger one is
/// kept in the Dictionary below) and kind, in open-addressing arrays, with no Dictionary entry, bucket or struct
/// padding around them: about 52 bytes a contact point in place of about 100.
/// Any other entry (several links, a link with bytes of its own, an entry read at a time the index must remember, a
/// key kept as its text) is kept whole in a Dictionary beside them. Split in parts each behind its own lock, as
/// PartyTable, with the same operations: readers on both cores and the writers of the feed rarely meet.
internal sealed class LinkTable
{
    private const int Parts = 32;
    private readonly Part[] _parts;

    public LinkTable()
    {
        _parts = new Part[Parts];
        for (var i = 0; i < Parts; i++) _parts[i] = new Part();
    }

    private Part PartOf(ContactKey key) => _parts[(uint)key.GetHashCode() % Parts];

    public bool TryGetValue(ContactKey key, out PartyLinks value)
    {
        var part = PartOf(key);
        lock (part.Gate) return part.TryGetValue(key, out value);
    }

    /// The subject number held for this key in the arrays, read without the lock and only as a hint (0 when not
    /// found, or when the arrays are being grown): see PartyIndex.Touch.
    public int Peek(ContactKey key) => key.TryWords(out var a, out var b, out var c, out var d) ? PartOf(key).Peek(a, b, c, d) : 0;

    /// Room for `count` entries in all without growing (entries spread evenly over the parts, give or take).
    public void EnsureCapacity(int count)
    {
        var each = count / Parts + count / Parts / 16 + 16;
        foreach (var part in _parts)
            lock (part.Gate) part.EnsureCapacity(each);
    }

    /// Puts `value`, or what `merge` makes of the held value and it; answers what is held afterwards.
    public PartyLinks AddOrUpdate<TArg>(ContactKey key, PartyLinks value, Func<PartyLinks, PartyLinks, TArg, PartyLinks> merge, TArg arg)
    {
        var part = PartOf(key);
        lock (part.Gate)
        {
            var next = part.TryGetValue(key, out var held) ? merge(held, value, arg) : value;
            part.Put(key, next);
            return next;
        }
    }

    private sealed class Part
    {
        public readonly Lock Gate = new();

        /// In a slot's subject: the entry left the arrays for the Dictionary (a slot is never emptied once used).
        private const int Moved = -1;

        private ulong[] _words = new ulong[16 * 4];   // a slot's key: 4 numbers (ContactKey.TryWords)
        private int[] _subjects = new int[16];   // 0: an empty slot
        private int[] _versions = new int[16];
        private byte[] _kinds = new byte[16];
        private int _used;
        private Dictionary<ContactKey, PartyLinks>? _others;

        public bool TryGetValue(ContactKey key, out PartyLinks value)
        {
            if (key.TryWords(out var a, out var b, out var c, out var d) && Find(a, b, c, d) is var slot and >= 0
                && _subjects[slot] != Moved)
            {
                value = new(new PartyLink(_subjects[slot], _versions[slot], _kinds[slot], null), null, 0);
                return true;
            }
            if (_others is not null && _others.TryGetValue(key, out value)) return true;
            value = default;
            return false;
        }

        public void Put(ContactKey key, PartyLinks value)
        {
            var hashed = key.TryWords(out var a, out var b, out var c, out var d);
            var slot = hashed ? Find(a, b, c, d) : -1;
            if (hashed && value is { Count: 1, More: null, ReadAt: 0, First: { Kept: null, Subject: > 0, Version: >= 0 and <= int.MaxValue } link })
            {
                _others?.Remove(key);
                if (slot < 0)
                {
                    if ((_used + 1) * 5 > _subjects.Length * 4) Grow(_subjects.Length * 2);
                    slot = ~Find(a, b, c, d);
                    _words[slot * 4] = a;
                    _words[slot * 4 + 1] = b;
                    _words[slot * 4 + 2] = c;
                    _words[slot * 4 + 3] = d;
                    _used++;
                }
                (_subjects[slot], _versions[slot], _kinds[slot]) = (link.Subject, (int)link.Version, link.Kind);
                return;
            }
            if (slot >= 0) _subjects[slot] = Moved;
            (_others ??= [])[key] = value;
        }

        public int Peek(ulong a, ulong b, ulong c, ulong d)
        {
            var (subjects, words) = (_subjects, _words);   // a Grow may swap them meanwhile: then no answer
            var n = subjects.Length;
            if (words.Length != n * 4) return 0;
            var i = (int)(b % (ulong)n);
            for (var probes = 0; probes < n; probes++)
            {
                var subject = subjects[i];
                if (subject == 0) return 0;
                var w = i * 4;
                if (words[w] == a && words[w + 1] == b && words[w + 2] == c && words[w + 3] == d) return subject;
                if (++i == n) i = 0;
            }
            return 0;
        }

        public void EnsureCapacity(int more)
        {
            var needed = (_used + more) * 5 / 4 + 1;
            if (needed > _subjects.Length) Grow(needed);
        }

        /// The slot holding this key, or the complement of the empty slot where it would go (linear probing from a
        /// number of the key the part was not chosen by; the keys are keyed hashes, uniform already).
        private int Find(ulong a, ulong b, ulong c, ulong d)
        {
            var n = _subjects.Length;
            var i = (int)(b % (ulong)n);
            while (true)
            {
                if (_subjects[i] == 0) return ~i;
                var w = i * 4;
                if (_words[w] == a && _words[w + 1] == b && _words[w + 2] == c && _words[w + 3] == d) return i;
                if (++i == n) i = 0;
            }
        }

        private void Grow(int capacity)
        {
            var (words, subjects, versions, kinds) = (_words, _subjects, _versions, _kinds);
            (_words, _subjects, _versions, _kinds) = (new ulong[capacity * 4], new int[capacity], new int[capacity], new byte[capacity]);
            for (var j = 0; j < subjects.Length; j++)
            {
                if (subjects[j] == 0) continue;
                var w = j * 4;
                var i = ~Find(words[w], words[w + 1], words[w + 2], words[w + 3]);
                words.AsSpan(w, 4).CopyTo(_words.AsSpan(i * 4, 4));
                (_subjects[i], _versions[i], _kinds[i]) = (subjects[j], versions[j], kinds[j]);
            }
        }
    }
}
