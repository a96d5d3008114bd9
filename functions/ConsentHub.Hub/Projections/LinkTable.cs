namespace ConsentHub.Hub.Projections;

/// The party index's links by contact point (issue 12: memory per subject). Nearly every contact point has one link,
/// its subject's own listing kept without bytes (PartyLink): such an entry is kept as the key's 32 bytes, the subject's
/// number (SubjectTable: 4 bytes, not an 8-byte reference to its id) and the link's version (4 bytes; a larger one is
/// kept in the Dictionary below) and kind, in arrays by the contact point's number, with an open-addressing array of
/// numbers by key: no Dictionary entry, bucket or struct padding around them, about 46 bytes a contact point.
/// Each contact point in the hasher's form gets a number for good (NumberOf): a view lists its contact points by that
/// number (PartyCodec) rather than repeat their 32 bytes, so a key is kept once per tenant, here.
/// Any other entry (several links, a link with bytes of its own, an entry read at a time the index must remember, a
/// key kept as its text) is kept whole in a Dictionary beside them. Split in parts each behind its own lock, as
/// PartyTable, with the same operations: readers on both cores and the writers of the feed rarely meet.
internal sealed class LinkTable
{
    private const int Parts = 32;   // a power of two: a number's low bits name its part
    private const int PartBits = 5;
    private readonly Part[] _parts;

    public LinkTable()
    {
        _parts = new Part[Parts];
        for (var i = 0; i < Parts; i++) _parts[i] = new Part();
    }

    private static int PartIndex(ContactKey key) => (int)((uint)key.GetHashCode() % Parts);

    public bool TryGetValue(ContactKey key, out PartyLinks value) => TryGetValue(key, out value, out _);

    /// As TryGetValue, with the contact point's number (0 when it has none): what its subjects' views list it by.
    public bool TryGetValue(ContactKey key, out PartyLinks value, out int number)
    {
        var at = PartIndex(key);
        var part = _parts[at];
        lock (part.Gate)
        {
            var found = part.TryGetValue(key, out value, out var local);
            number = local < 0 ? 0 : (local << PartBits | at) + 1;
            return found;
        }
    }

    /// The contact point's number (from 1), for a view to list it by; 0 for a key kept as its text, which has none.
    public int NumberOf(ContactKey key)
    {
        if (!key.TryWords(out var a, out var b, out var c, out var d)) return 0;
        var at = PartIndex(key);
        var part = _parts[at];
        lock (part.Gate) return (part.NumberOf(a, b, c, d) << PartBits | at) + 1;
    }

    /// The key of a contact point by its number (NumberOf); false for a number this table never gave.
    public bool TryKeyOf(int number, out ContactKey key)
    {
        var (part, local) = (_parts[(number - 1) & (Parts - 1)], (number - 1) >> PartBits);
        lock (part.Gate)
        {
            var held = number > 0 && local < part.Count;
            key = held ? part.KeyOf(local) : default;
            return held;
        }
    }

    /// The subject number held for this key in the arrays, read without the lock and only as a hint (0 when not
    /// found, or when the arrays are being grown): see PartyIndex.Touch.
    public int Peek(ContactKey key) => key.TryWords(out var a, out var b, out var c, out var d) ? _parts[PartIndex(key)].Peek(a, b, c, d) : 0;

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
        var part = _parts[PartIndex(key)];
        lock (part.Gate)
        {
            var next = part.TryGetValue(key, out var held, out _) ? merge(held, value, arg) : value;
            part.Put(key, next);
            return next;
        }
    }

    private sealed class Part
    {
        public readonly Lock Gate = new();

        private int[] _slots = new int[8];   // a contact's number in the part + 1; 0: an empty slot
        private ulong[] _words = new ulong[4 * 4];   // by number in the part, as all the arrays below: its key's 4 numbers (ContactKey.TryWords)
        private int[] _subjects = new int[4];   // 0: no link kept here (none yet, or the entry is in the Dictionary)
        private int[] _versions = new int[4];
        private byte[] _kinds = new byte[4];
        private Dictionary<ContactKey, PartyLinks>? _others;

        public int Count { get; private set; }

        public bool TryGetValue(ContactKey key, out PartyLinks value, out int local)
        {
            local = key.TryWords(out var a, out var b, out var c, out var d) ? Find(a, b, c, d) : -1;
            if (local >= 0 && _subjects[local] != 0)
            {
                value = new(new PartyLink(_subjects[local], _versions[local], _kinds[local], null), null, 0);
                return true;
            }
            if (_others is not null && _others.TryGetValue(key, out value)) return true;
            value = default;
            return false;
        }

        public void Put(ContactKey key, PartyLinks value)
        {
            var hashed = key.TryWords(out var a, out var b, out var c, out var d);
            var local = hashed ? Find(a, b, c, d) : -1;
            if (hashed && value is { Count: 1, More: null, ReadAt: 0, First: { Kept: null, Subject: > 0, Version: >= 0 and <= int.MaxValue } link })
            {
                _others?.Remove(key);
                if (local < 0) local = Add(a, b, c, d, ~local);
                (_subjects[local], _versions[local], _kinds[local]) = (link.Subject, (int)link.Version, link.Kind);
                return;
            }
            if (local >= 0) _subjects[local] = 0;
            (_others ??= [])[key] = value;
        }

        /// The subject linked to this key, read without the lock (a Resize or Rehash may swap the arrays meanwhile:
        /// then a wrong or no answer, never an exception); 0 when not found.
        public int Peek(ulong a, ulong b, ulong c, ulong d)
        {
            var (slots, words, subjects) = (_slots, _words, _subjects);
            var n = slots.Length;
            var i = (int)(b % (ulong)n);
            for (var probes = 0; probes < n; probes++)
            {
                var held = slots[i] - 1;
                if (held < 0 || held >= subjects.Length || held * 4 + 3 >= words.Length) return 0;
                var w = held * 4;
                if (words[w] == a && words[w + 1] == b && words[w + 2] == c && words[w + 3] == d) return subjects[held];
                if (++i == n) i = 0;
            }
            return 0;
        }

        /// The number in the part of a key in the hasher's form, given it for good when it has none yet.
        public int NumberOf(ulong a, ulong b, ulong c, ulong d)
        {
            var local = Find(a, b, c, d);
            return local >= 0 ? local : Add(a, b, c, d, ~local);
        }

        public ContactKey KeyOf(int local)
        {
            var w = local * 4;
            return ContactKey.Of(_words[w], _words[w + 1], _words[w + 2], _words[w + 3]);
        }

        public void EnsureCapacity(int more)
        {
            if (Count + more > _subjects.Length) Resize(Count + more);
            var slots = (Count + more) * 5 / 4 + 1;
            if (slots > _slots.Length) Rehash(slots);
        }

        /// The number in the part of this key, or the complement of the empty slot where it would go (linear probing
        /// from a number of the key the part was not chosen by; the keys are keyed hashes, uniform already).
        private int Find(ulong a, ulong b, ulong c, ulong d)
        {
            var n = (uint)_slots.Length;
            var i = (int)(b % n);
            while (true)
            {
                var held = _slots[i] - 1;
                if (held < 0) return ~i;
                var w = held * 4;
                if (_words[w] == a && _words[w + 1] == b && _words[w + 2] == c && _words[w + 3] == d) return held;
                if (++i == n) i = 0;
            }
        }

        private int Add(ulong a, ulong b, ulong c, ulong d, int slot)
        {
            if ((Count + 1) * 5 > _slots.Length * 4)
            {
                Rehash(_slots.Length * 2);
                slot = ~Find(a, b, c, d);
            }
            if (Count == _subjects.Length) Resize(Count * 2);
            var local = Count++;
            var w = local * 4;
            (_words[w], _words[w + 1], _words[w + 2], _words[w + 3]) = (a, b, c, d);
            _slots[slot] = local + 1;
            return local;
        }

        private void Resize(int capacity)
        {
            Array.Resize(ref _words, capacity * 4);
            Array.Resize(ref _subjects, capacity);
            Array.Resize(ref _versions, capacity);
            Array.Resize(ref _kinds, capacity);
        }

        private void Rehash(int size)
        {
            _slots = new int[size];
            for (var local = 0; local < Count; local++)
            {
                var i = (int)(_words[local * 4 + 1] % (uint)size);
                while (_slots[i] != 0)
                    if (++i == size) i = 0;
                _slots[i] = local + 1;
            }
        }
    }
}
