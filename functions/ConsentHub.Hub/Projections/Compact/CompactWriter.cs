using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ConsentHub.Hub.Projections.Compact;

/// Writes the party index's compact form (PartyCodec): numbers as varints, times as ticks and offset (after Base, as
/// the difference of their ticks from the base's: a view's times are mostly near its last change), a contact
/// point's hash as its 32 bytes, and the few words that recur in every view (scopes, channels, purposes, sources) as
/// their number in CompactWords; a hash, where the tenant's link table is at hand, as the number it gives the hash. Any text not in those forms is written as it is, so every value comes back exactly.
internal ref struct CompactWriter(ArrayBufferWriter<byte> buffer)
{
    public readonly void Put(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public readonly void Number(ulong value)
    {
        var span = buffer.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        buffer.Advance(n);
    }

    public readonly void Signed(long value) => Number((ulong)((value << 1) ^ (value >> 63)));

    private long _base;

    /// A time written whole that later times are written from (their ticks as the difference from its ticks).
    public void Base(DateTimeOffset? value)
    {
        Put(value is null ? (byte)0 : (byte)1);
        if (value is not { } v) return;
        Number((ulong)v.Ticks);
        Signed((long)v.Offset.TotalMinutes);
        _base = v.Ticks;
    }

    public readonly void Time(DateTimeOffset value)
    {
        Signed(value.Ticks - _base);
        Signed((long)value.Offset.TotalMinutes);
    }

    public readonly void Time(DateTimeOffset? value)
    {
        Put(value is null ? (byte)0 : (byte)1);
        if (value is { } v) Time(v);
    }

    /// 0: null; 1: text as it is; 2 + n: word n.
    public readonly void Word(string? value)
    {
        if (value is null) Number(0);
        else if (CompactWords.NumberOf(value) is { } n) Number((ulong)n + 2);
        else
        {
            Number(1);
            Text(value);
        }
    }

    public readonly void Text(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Number((ulong)length);
        buffer.Advance(Encoding.UTF8.GetBytes(value, buffer.GetSpan(length)));
    }

    /// 0: text as it is; 1: the 32 bytes of a hash in the hasher's form; 2: the number `contacts` gives such a hash
    /// (LinkTable.NumberOf), where the tenant's link table keeps its 32 bytes once for every view that lists it.
    public readonly void Hash(string hash, LinkTable? contacts = null)
    {
        Span<byte> bytes = stackalloc byte[32];
        if (!IsHash(hash, bytes))
        {
            Put(0);
            Text(hash);
        }
        else if (contacts is not null)
        {
            Put(2);
            Number((ulong)contacts.NumberOf(ContactKey.Of((ReadOnlySpan<byte>)bytes)));
        }
        else
        {
            Put(1);
            bytes.CopyTo(buffer.GetSpan(32));
            buffer.Advance(32);
        }
    }

    public static bool IsHash(ReadOnlySpan<char> hash, Span<byte> bytes)
    {
        Span<char> again = stackalloc char[43];
        return hash.Length == 43 && Base64Url.TryDecodeFromChars(hash, bytes, out var n) && n == 32
            && Base64Url.TryEncodeToChars(bytes, again, out var m) && m == 43 && again.SequenceEqual(hash);
    }
}
