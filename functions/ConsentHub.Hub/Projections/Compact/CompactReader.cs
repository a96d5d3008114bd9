using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace ConsentHub.Hub.Projections.Compact;

/// Reads what CompactWriter wrote, in the same order. `contacts`: the link table that numbered the hashes written
/// (CompactWriter.Hash), for a reader that turns them back into keys.
internal ref struct CompactReader(ReadOnlySpan<byte> bytes, LinkTable? contacts = null)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private readonly LinkTable? _contacts = contacts;
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

    public string Hash() => Byte() switch
    {
        0 => Text(),
        1 => Base64Url.EncodeToString(Bytes(32)),
        _ => Numbered().ToString(),
    };

    /// Whether the hash written here is `key`, whose number in the tenant's link table is `number` (0: none): a hash
    /// written as its number is compared by number, which the table gives one key only.
    public bool HashIs(ContactKey key, int number)
    {
        switch (Byte())
        {
            case 0:
                var length = Count();
                var text = ContactKey.Of(Encoding.UTF8.GetString(_bytes.Slice(_at, length)));
                _at += length;
                return text == key;
            case 1:
                return ContactKey.Of(Bytes(32)) == key;
            default:
                var written = Count();
                return number != 0 && written == number;
        }
    }

    /// The hash written here as a ContactKey, without making its text when it is kept as its bytes or number.
    public ContactKey Key()
    {
        switch (Byte())
        {
            case 0:
                var length = Count();
                var key = ContactKey.Of(Encoding.UTF8.GetString(_bytes.Slice(_at, length)));
                _at += length;
                return key;
            case 1:
                return ContactKey.Of(Bytes(32));
            default:
                return Numbered();
        }
    }

    public void SkipHash()
    {
        switch (Byte())
        {
            case 0: SkipText(); break;
            case 1: _at += 32; break;
            default: Number(); break;
        }
    }

    private ReadOnlySpan<byte> Bytes(int length)
    {
        var bytes = _bytes.Slice(_at, length);
        _at += length;
        return bytes;
    }

    private ContactKey Numbered()
    {
        var number = Count();
        if (_contacts is null || !_contacts.TryKeyOf(number, out var key))
            throw new InvalidOperationException($"A view lists contact point number {number}, which its tenant's link table does not hold");
        return key;
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
