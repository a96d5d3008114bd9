using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace ConsentHub.Hub.Projections.Compact;

/// Reads what CompactWriter wrote, in the same order.
internal ref struct CompactReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _at;

    public byte Byte() => _bytes[_at++];

    /// Most numbers of a view (counts, words, offsets) take one byte: that case is inlined where it is read, the loop
    /// of a longer one is not.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Number()
    {
        var first = _bytes[_at];
        if (first < 0x80)
        {
            _at++;
            return first;
        }
        return LongNumber();
    }

    private ulong LongNumber()
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = _bytes[_at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    public int Count() => checked((int)Number());

    public long Signed()
    {
        var n = Number();
        return (long)(n >> 1) ^ -(long)(n & 1);
    }

    private long _base;

    /// The time CompactWriter.Base wrote, which the times after it are read from.
    public DateTimeOffset? Base()
    {
        if (Byte() == 0) return null;
        var ticks = (long)Number();
        _base = ticks;
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(Signed()));
    }

    public DateTimeOffset Time()
    {
        var ticks = _base + Signed();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(Signed()));
    }

    public DateTimeOffset? MaybeTime() => Byte() == 0 ? null : Time();

    public string? Word() => Number() switch
    {
        0 => null,
        1 => Text(),
        var n => CompactWords.Of(checked((int)(n - 2))),
    };

    public string Text()
    {
        var length = Count();
        var text = Encoding.UTF8.GetString(_bytes.Slice(_at, length));
        _at += length;
        return text;
    }

    public string Hash()
    {
        if (Byte() == 0) return Text();
        var text = Base64Url.EncodeToString(_bytes.Slice(_at, 32));
        _at += 32;
        return text;
    }

    /// Whether the hash written here is `hash`, without making its text.
    public bool HashIs(ReadOnlySpan<char> hash)
    {
        if (Byte() == 0) return Text().AsSpan().SequenceEqual(hash);
        Span<byte> bytes = stackalloc byte[32];
        var same = CompactWriter.IsHash(hash, bytes) && bytes.SequenceEqual(_bytes.Slice(_at, 32));
        _at += 32;
        return same;
    }

    /// Whether the hash written here is the 32 bytes `mac` (a hash kept as text never is: a hash in the hasher's form
    /// is always kept as its bytes).
    public bool HashIs(ReadOnlySpan<byte> mac)
    {
        if (Byte() == 0)
        {
            SkipText();
            return false;
        }
        var same = _bytes.Slice(_at, 32).SequenceEqual(mac);
        _at += 32;
        return same;
    }

    /// The hash written here as a ContactKey, without making its text when it is kept as its bytes.
    public ContactKey Key()
    {
        if (Byte() == 0)
        {
            var length = Count();
            var key = ContactKey.Of(Encoding.UTF8.GetString(_bytes.Slice(_at, length)));
            _at += length;
            return key;
        }
        var bytes = ContactKey.Of(_bytes.Slice(_at, 32));
        _at += 32;
        return bytes;
    }

    public void Skip(int length) => _at += length;

    public void SkipText()
    {
        var length = Count();
        _at += length;
    }

    public void SkipWord()
    {
        if (Number() == 1) SkipText();
    }

    public void SkipTime()
    {
        Number();
        Number();
    }

    public void SkipMaybeTime()
    {
        if (Byte() != 0) SkipTime();
    }
}
