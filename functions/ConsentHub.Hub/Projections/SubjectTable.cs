using System.Runtime.InteropServices;
using System.Text;
using ConsentHub.Hub.Projections.Compact;

namespace ConsentHub.Hub.Projections;

/// The party index's subjects by id (issue 12: memory per subject). Each subject gets a number, for good: the links
/// of its contact points hold that number (4 bytes, LinkTable) in place of a reference to its id. A subject is kept
/// as a row of arrays by number (where its id and its entry lie, and, for an index read on use, when it was read), its
/// id as bytes in one growing array per part (ASCII as one byte a character, any other id as UTF-16), its entry (the
/// version and the view's bytes) in another, and an open-addressing array of numbers by the id's hash: no string,
/// Dictionary entry, bucket or array object per subject.
/// Ids are never removed, as the Dictionary before never removed a key. Split in parts each behind its own lock, as
/// PartyTable: readers on both cores and the writers of the feed rarely meet. The entries' bytes move (a replaced
/// entry is zeroed, an array that grows is copied and zeroed), so a reader never holds on to them: it copies a view
/// under the lock (TryCopyView, TryGetValue) and decides on the copy.
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

    /// The part and the number in it of the subject numbered `number` (from 1; a number's low bits name its part).
    private (Part Part, int Local) At(int number) => (_parts[(number - 1) & (Parts - 1)], (number - 1) >> PartBits);

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

    /// The view of the subject a link names by its number (NumberOf), copied into `into` (its place there in `at`):
    /// false when the subject has no view. The check's read: no array per view.
    public bool TryCopyView(int number, ViewCopies into, out int at, out int length)
    {
        var (part, local) = At(number);
        lock (part.Gate)
        {
            (at, length) = (0, 0);
            return number > 0 && local < part.Count && part.CopyView(local, into, out at, out length);
        }
    }

    /// The first byte of the entry of the subject with this number, read without the lock and only as a hint (see
    /// PartyIndex.Touch).
    public int Peek(int number)
    {
        var (part, local) = At(number);
        return number > 0 ? part.Peek(local) : 0;
    }

    /// As TryCopyView, by the subject's id.
    public bool TryCopyView(string id, ViewCopies into, out int at, out int length)
    {
        var hash = Hash(id);
        var part = PartOf(hash);
        lock (part.Gate)
        {
            (at, length) = (0, 0);
            var local = part.Find(id, hash);
            return local >= 0 && part.CopyView(local, into, out at, out length);
        }
    }

    /// Whether the view of the subject numbered `number` lists the contact point `key`, numbered `contact` in the
    /// tenant's link table (ViewFacts.Lists), read where it lies.
    public bool Lists(int number, ContactKey key, int contact)
    {
        var (part, local) = At(number);
        lock (part.Gate) return number > 0 && local < part.Count && part.Lists(local, key, contact);
    }

    /// Gives back the room the views' bytes grew into while loading (Part.Trim).
    public void Trim()
    {
        foreach (var part in _parts)
            lock (part.Gate) part.Trim();
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
        var (part, local) = At(number);
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
        private int[] _entryAt = new int[4];   // where the entry starts in _entries
        private long[]? _readAts = keepReadAt ? new long[4] : null;
        private byte[] _ids = new byte[64];   // each id: its length × 2 (+ 1 when UTF-16) as a varint, then its bytes
        private int _idsUsed;
        private byte[] _entries = new byte[64];   // each entry: its version, its view's length + 1 (0: no view), as varints, then the view
        private int _entriesUsed;
        private int _entriesDead;   // bytes of entries replaced since the last repack (zeroed)

        public int Count { get; private set; }

        public PartyIndex.Entry Get(int local)
        {
            var version = Read(local, out var view);
            return new(HasView(local) ? view.ToArray() : null, version, _readAts?[local] ?? 0);
        }

        /// The first byte of the entry, read without the lock (a Repack may swap the arrays meanwhile: then a wrong
        /// byte, never an exception); only a hint of the memory a lookup will read.
        public int Peek(int local)
        {
            var (entryAt, entries) = (_entryAt, _entries);
            if ((uint)local >= (uint)entryAt.Length) return 0;
            var at = entryAt[local];
            return (uint)at < (uint)entries.Length ? entries[at] : 0;
        }

        /// The entry's view copied into `into` (its place there in `at`); false when the entry has none.
        public bool CopyView(int local, ViewCopies into, out int at, out int length)
        {
            Read(local, out var view);
            (at, length) = (0, view.Length);
            if (!HasView(local)) return false;
            at = into.Add(view);
            return true;
        }

        public bool Lists(int local, ContactKey key, int number)
        {
            Read(local, out var view);
            return HasView(local) && ViewFacts.Lists(view, key, number);
        }

        /// Replaces the entry. A replaced view's bytes are zeroed where they lay (an erased person's view leaves no
        /// copy behind); an entry of the same length is written in place. No reader holds on to these bytes: each
        /// copies what it reads under the part's lock (Get, CopyView).
        public void Set(int local, PartyIndex.Entry entry)
        {
            if (_readAts is not null) _readAts[local] = entry.ReadAt;
            Span<byte> head = stackalloc byte[20];
            var headLength = Varint(head, (ulong)entry.Version);
            headLength += Varint(head[headLength..], entry.View is null ? 0 : (ulong)entry.View.Length + 1);
            var size = headLength + (entry.View?.Length ?? 0);
            var at = _entryAt[local];
            var old = at < 0 ? 0 : SizeAt(at);
            if (old != size)
            {
                if (at >= 0)
                {
                    _entries.AsSpan(at, old).Clear();
                    _entriesDead += old;
                }
                if (_entriesUsed + size > _entries.Length)
                {
                    _entryAt[local] = -1;
                    var live = _entriesUsed - _entriesDead;
                    Repack(Math.Max(live + size + 64, live + live / 2));
                }
                at = _entryAt[local] = _entriesUsed;
                _entriesUsed += size;
            }
            head[..headLength].CopyTo(_entries.AsSpan(at));
            entry.View?.CopyTo(_entries.AsSpan(at + headLength));
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
            if (Count == _hashes.Length) Resize(Count * 2);
            var local = Count++;
            _hashes[local] = hash;
            _idAt[local] = WriteId(id);
            _entryAt[local] = -1;
            Set(local, entry);
            _slots[slot] = local + 1;
            return local;
        }

        public void EnsureCapacity(int more)
        {
            if (Count + more > _hashes.Length) Resize(Count + more);
            var slots = (Count + more) * 5 / 4 + 1;
            if (slots > _slots.Length) Rehash(slots);
            var bytes = _idsUsed + more * 8;   // most ids are short: the array grows for longer ones
            if (bytes > _ids.Length) Array.Resize(ref _ids, bytes);
        }

        /// Gives back the room the entries' bytes grew into and the bytes of replaced entries: once loaded, a part
        /// keeps what it holds and a little room for writes.
        public void Trim() => Repack(_entriesUsed - _entriesDead + 256);

        public string Id(int local)
        {
            var bytes = IdBytes(local, out var wide);
            return wide ? new string(MemoryMarshal.Cast<byte, char>(bytes)) : Encoding.ASCII.GetString(bytes);
        }

        private bool HasView(int local)
        {
            var at = _entryAt[local];
            if (at < 0) return false;
            ReadVarint(at, out var n);
            return _entries[at + n] != 0;
        }

        /// The entry's version, and its view's bytes where they lie (empty when it has none, see HasView).
        private long Read(int local, out ReadOnlySpan<byte> view)
        {
            view = default;
            var at = _entryAt[local];
            if (at < 0) return 0;
            var version = ReadVarint(at, out var n);
            var length = ReadVarint(at + n, out var m);
            if (length != 0) view = _entries.AsSpan(at + n + m, (int)length - 1);
            return (long)version;
        }

        private int SizeAt(int at)
        {
            ReadVarint(at, out var n);
            var length = ReadVarint(at + n, out var m);
            return n + m + (length == 0 ? 0 : (int)length - 1);
        }

        private ulong ReadVarint(int at, out int read)
        {
            ulong value = 0;
            for (read = 0; ; read++)
            {
                var b = _entries[at + read];
                value |= (ulong)(b & 0x7f) << (7 * read);
                if (b < 0x80) break;
            }
            read++;
            return value;
        }

        private static int Varint(Span<byte> into, ulong value)
        {
            var n = 0;
            for (; value >= 0x80; value >>= 7) into[n++] = (byte)(value | 0x80);
            into[n++] = (byte)value;
            return n;
        }

        /// Copies the live entries, in order of number, into an array of `capacity` bytes and zeroes the old one.
        private void Repack(int capacity)
        {
            var (old, entries) = (_entries, new byte[capacity]);
            var used = 0;
            for (var local = 0; local < Count; local++)
            {
                var at = _entryAt[local];
                if (at < 0) continue;
                var size = SizeAt(at);
                old.AsSpan(at, size).CopyTo(entries.AsSpan(used));
                _entryAt[local] = used;
                used += size;
            }
            (_entries, _entriesUsed, _entriesDead) = (entries, used, 0);
            Array.Clear(old);
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
            Array.Resize(ref _entryAt, capacity);
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
