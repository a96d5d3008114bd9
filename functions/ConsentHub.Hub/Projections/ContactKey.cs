using System.Buffers.Binary;
using System.Buffers.Text;

namespace ConsentHub.Hub.Projections;

/// A contact point's keyed hash as a fixed-size key: its 32 bytes as four numbers, in place of a 43-character string
/// (about 110 bytes of heap) per entry of the party index. A key that is not a hash in the hasher's own form (43
/// characters of unpadded base64url that encode back to the same text) is kept as its text, so no two keys ever meet.
public readonly struct ContactKey : IEquatable<ContactKey>
{
    private readonly ulong _a, _b, _c, _d;
    private readonly string? _other;

    private ContactKey(ulong a, ulong b, ulong c, ulong d, string? other) => (_a, _b, _c, _d, _other) = (a, b, c, d, other);

    public static ContactKey Of(ReadOnlySpan<char> hash)
    {
        Span<byte> bytes = stackalloc byte[33];
        Span<char> again = stackalloc char[43];
        if (hash.Length == 43 && Base64Url.IsValid(hash, out var length) && length == 32 && Base64Url.TryDecodeFromChars(hash, bytes, out var n) && n == 32
            && Base64Url.TryEncodeToChars(bytes[..32], again, out var m) && m == 43 && again.SequenceEqual(hash))
            return new(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]), null);
        return new(0, 0, 0, 0, hash.ToString());
    }

    /// The key of a hash given as its 32 bytes (what the hasher computes, before any text is made of it).
    public static ContactKey Of(ReadOnlySpan<byte> mac) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(mac), BinaryPrimitives.ReadUInt64LittleEndian(mac[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(mac[16..]), BinaryPrimitives.ReadUInt64LittleEndian(mac[24..]), null);

    /// The key whose 32 bytes are these four numbers (as TryWords gave them).
    internal static ContactKey Of(ulong a, ulong b, ulong c, ulong d) => new(a, b, c, d, null);

    /// The 32 bytes of a key made from a hash in the hasher's form; false for one kept as text.
    public bool TryWrite(Span<byte> mac)
    {
        if (_other is not null) return false;
        BinaryPrimitives.WriteUInt64LittleEndian(mac, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(mac[8..], _b);
        BinaryPrimitives.WriteUInt64LittleEndian(mac[16..], _c);
        BinaryPrimitives.WriteUInt64LittleEndian(mac[24..], _d);
        return true;
    }

    /// The key's 32 bytes as four numbers; false for a key kept as its text. For a table that keeps the numbers
    /// themselves in place of the struct (LinkTable).
    internal bool TryWords(out ulong a, out ulong b, out ulong c, out ulong d)
    {
        (a, b, c, d) = (_a, _b, _c, _d);
        return _other is null;
    }

    public bool Equals(ContactKey other) =>
        _a == other._a && _b == other._b && _c == other._c && _d == other._d && string.Equals(_other, other._other, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ContactKey other && Equals(other);

    /// The hash is uniform already: its first bytes are as good a hash code as any.
    public override int GetHashCode() => _other?.GetHashCode(StringComparison.Ordinal) ?? (int)_a;

    public override string ToString()
    {
        if (_other is not null) return _other;
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], _b);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], _c);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], _d);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool operator ==(ContactKey left, ContactKey right) => left.Equals(right);

    public static bool operator !=(ContactKey left, ContactKey right) => !left.Equals(right);
}
