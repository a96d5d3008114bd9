using System.Runtime.InteropServices;
using System.Text;

namespace ConsentHub.Hub.Projections;

/// The party index's subjects by id (issue 12: memory per subject). Each subject gets a number, for good: the links
/// of its contact points hold that number (4 bytes, LinkTable) in place of a reference to its id. A subject is kept
/// as a row of arrays by number (view, version, and, for an index read on use, when it was read), its id as bytes in
/// one growing array per part (ASCII as one byte a character, any other id as UTF-16), and an open-addressing array of
/// numbers by the id's hash: no string, Dictionary entry or bucket per subject, about 40 bytes in place of 75.
/// Ids are never removed, as the Dictionary before never removed a key. Split in parts each behind its own lock, as
/// PartyTable: readers on both cores and the writers of the feed rarely meet; a view handed out is an array that is
/// never written again, so it is read outside the lock.
internal sealed class SubjectTable
{
    private const int Parts = 32;   // a power of two: a number's low bits name its part
    private const int PartBits = 5;
    private readonly Part[] _parts;

    /// `keepReadAt`: the index is read on use and must know when each entry was read; a complete one never asks.
    public SubjectTable(bool keepReadAt)
    {
        _parts = new Part[Parts];
        for (var i = 0; i < Parts; i++) _parts[i] = new Part(keepReadAt);
    }

    private static int Hash(ReadOnlySpan<char> id) => string.GetHashCode(id, StringComparison.Ordinal);

    private Part PartOf(int hash) => _parts[hash & (Parts - 1)];

    public bool TryGetValue(string id, out PartyIndex.Entry value)
    {
        var hash = Hash(id);
        var part = PartOf(hash);
        lock (part.Gate)
        {
            var local = part.Find(id, hash);
            value = local >= 0 ? part.Get(local) : default;
            return local >= 0;
        }
    }

    /// The subject a link names by its number (NumberOf).
    public bool TryGetValue(int number, out PartyIndex.Entry value)
    {
        var (part, local) = (_parts[(number - 1) & (Parts - 1)], (number - 1) >> PartBits);
        lock (part.Gate)
        {
            var held = number > 0 && local < part.Count;
            value = held ? part.Get(local) : default;
            return held;
        }
    }

    /// The first byte of the view of the subject with this number, read without the lock and only as a hint (see
    /// PartyIndex.Touch).
    public int Peek(int number)
    {
        var (part, local) = (_parts[(number - 1) & (Parts - 1)], (number - 1) >> PartBits);
        return number > 0 ? part.Peek(local) : 0;
    }

    /// The subject's number (from 1), the subject added without a view when it has none yet: for a link to hold.
    public int NumberOf(string id)
    {
        var hash = Hash(id);
        var part = PartOf(hash);
        lock (part.Gate)
        {
            var local = part.Find(id, hash);
            if (local < 0) local = part.Add(id, hash, ~local, new(null, 0, long.MinValue));
            return (local << PartBits | (hash & (Parts - 1))) + 1;
        }
    }

    /// The id of a subject by its number (a new string: for the readers that give out links, not for checks).
    public string IdOf(int number)
    {
        var (part, local) = (_parts[(number - 1) & (Parts - 1)], (number - 1) >> PartBits);
        lock (part.Gate) return part.Id(local);
    }

    /// Room for `count` subjects in all without growing (spread evenly over the parts, give or take).
    public void EnsureCapacity(int count)
    {
        var each = count / Parts + count / Parts / 16 + 16;
        foreach (var part in _parts)
            lock (part.Gate) part.EnsureCapacity(each);
    }

    /// Puts `value`, or what `merge` makes of the held value and it; answers what is held afterwards.
    public PartyIndex.Entry AddOrUpdate<TArg>(string id, PartyIndex.Entry value, Func<PartyIndex.Entry, PartyIndex.Entry, TArg, PartyIndex.Entry> merge, TArg arg)
    {
        var hash = Hash(id);
        var part = PartOf(hash);
        lock (part.Gate)
        {
            var local = part.Find(id, hash);
            if (local < 0) return part.Get(part.Add(id, hash, ~local, value));
            var next = merge(part.Get(local), value, arg);
            part.Set(local, next);
            return next;
        }
    }

    private sealed class Part(bool keepReadAt)
    {
        public readonly Lock Gate = new();

        private int[] _slots = new int[8];   // a subject's number in the part + 1; 0: an empty slot
        private int[] _hashes = new int[4];   // by number in the part, as all the arrays below
        private int[] _idAt = new int[4];   // where the id starts in _ids
        private byte[]?[] _views = new byte[]?[4];
        private long[] _versions = new long[4];
        private long[]? _readAts = keepReadAt ? new long[4] : null;
        private byte[] _ids = new byte[64];   // each id: its length × 2 (+ 1 when UTF-16) as a varint, then its bytes
        private int _idsUsed;

        public int Count { get; private set; }

        public PartyIndex.Entry Get(int local) => new(_views[local], _versions[local], _readAts?[local] ?? 0);

        public int Peek(int local)
        {
            var views = _views;
            return local < views.Length && views[local] is { Length: > 0 } view ? view[0] : 0;
        }

        public void Set(int local, PartyIndex.Entry entry)
        {
            (_views[local], _versions[local]) = (entry.View, entry.Version);
            if (_readAts is not null) _readAts[local] = entry.ReadAt;
        }

        /// The number in the part of the subject with this id, or the complement of the empty slot where it would go
        /// (linear probing from the hash's bits above those that chose the part).
        public int Find(ReadOnlySpan<char> id, int hash)
        {
            var n = (uint)_slots.Length;
            var i = (int)(((uint)hash >> PartBits) % n);
            while (true)
            {
                var held = _slots[i] - 1;
                if (held < 0) return ~i;
                if (_hashes[held] == hash && IdEquals(held, id)) return held;
                if (++i == n) i = 0;
            }
        }

        public int Add(ReadOnlySpan<char> id, int hash, int slot, PartyIndex.Entry entry)
        {
            if ((Count + 1) * 5 > _slots.Length * 4)
            {
                Rehash(_slots.Length * 2);
                slot = ~Find(id, hash);
            }
            if (Count == _versions.Length) Resize(Count * 2);
            var local = Count++;
            _hashes[local] = hash;
            _idAt[local] = WriteId(id);
            Set(local, entry);
            _slots[slot] = local + 1;
            return local;
        }

        public void EnsureCapacity(int more)
        {
            if (Count + more > _versions.Length) Resize(Count + more);
            var slots = (Count + more) * 5 / 4 + 1;
            if (slots > _slots.Length) Rehash(slots);
            var bytes = _idsUsed + more * 8;   // most ids are short: the array grows for longer ones
            if (bytes > _ids.Length) Array.Resize(ref _ids, bytes);
        }

        public string Id(int local)
        {
            var bytes = IdBytes(local, out var wide);
            return wide ? new string(MemoryMarshal.Cast<byte, char>(bytes)) : Encoding.ASCII.GetString(bytes);
        }

        private bool IdEquals(int local, ReadOnlySpan<char> id)
        {
            var bytes = IdBytes(local, out var wide);
            return wide ? MemoryMarshal.Cast<byte, char>(bytes).SequenceEqual(id) : Ascii.Equals(bytes, id);
        }

        private ReadOnlySpan<byte> IdBytes(int local, out bool wide)
        {
            var at = _idAt[local];
            var header = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = _ids[at++];
                header |= (b & 0x7f) << shift;
                if (b < 0x80) break;
            }
            wide = (header & 1) != 0;
            return _ids.AsSpan(at, (header >> 1) * (wide ? 2 : 1));
        }

        private int WriteId(ReadOnlySpan<char> id)
        {
            var wide = !Ascii.IsValid(id);
            var length = id.Length * (wide ? 2 : 1);
            if (_idsUsed + length + 5 > _ids.Length) Array.Resize(ref _ids, Math.Max(_ids.Length + _ids.Length / 2, _idsUsed + length + 5));
            var at = _idsUsed;
            var header = (uint)id.Length << 1 | (wide ? 1u : 0u);
            for (; header >= 0x80; header >>= 7) _ids[_idsUsed++] = (byte)(header | 0x80);
            _ids[_idsUsed++] = (byte)header;
            if (wide) MemoryMarshal.AsBytes(id).CopyTo(_ids.AsSpan(_idsUsed));
            else Ascii.FromUtf16(id, _ids.AsSpan(_idsUsed), out _);
            _idsUsed += length;
            return at;
        }

        private void Resize(int capacity)
        {
            Array.Resize(ref _hashes, capacity);
            Array.Resize(ref _idAt, capacity);
            Array.Resize(ref _views, capacity);
            Array.Resize(ref _versions, capacity);
            if (_readAts is not null) Array.Resize(ref _readAts, capacity);
        }

        private void Rehash(int size)
        {
            _slots = new int[size];
            for (var local = 0; local < Count; local++)
            {
                var i = (int)(((uint)_hashes[local] >> PartBits) % (uint)size);
                while (_slots[i] != 0)
                    if (++i == size) i = 0;
                _slots[i] = local + 1;
            }
        }
    }
}
