using System.Buffers;
using System.Text;

namespace ConsentHub.Domain.Validation;

/// The common forms of e-mail addresses and phone numbers normalised into a caller's buffer, without a string or a
/// regular expression: the hot path of a permission check of thousands of recipients. It only answers for text it is
/// sure of (printable ASCII; an address the syntax of Email.Normalize accepts, a number of digits with the separators
/// Phone.Normalize drops) and then answers exactly what ContactPoint.TryParse would; for anything else it answers false
/// and the caller takes ContactPoint.TryParse (the reference: odd whitespace, non-ASCII, invalid input).
public static class ContactText
{
    /// Room enough for any value this normalises (an address is at most 254 characters).
    public const int MaxLength = 256;

    /// As ContactPoint.TryParse for an e-mail address or phone number in its common form; false when unsure.
    public static bool TryNormalize(ReadOnlySpan<char> raw, Span<char> into, out ContactKind kind, out int length)
    {
        kind = ContactKind.Email;
        length = 0;
        if (raw.Length is 0 or > MaxLength) return false;
        if (raw.Contains('@')) return TryEmail(raw, into, out length);
        kind = ContactKind.Phone;
        return TryPhone(raw, into, out length);
    }

    /// As TryNormalize, the value written as its bytes (it is ASCII, so these are its UTF-8): what a keyed hash is made
    /// of, with no chars between the request's text and the hash.
    public static bool TryNormalize(ReadOnlySpan<char> raw, Span<byte> into, out ContactKind kind, out int length)
    {
        kind = ContactKind.Email;
        length = 0;
        if (raw.Length is 0 or > MaxLength) return false;
        if (raw.Contains('@'))
        {
            if (!IsEmail(raw, out var at) || raw.Length > into.Length) return false;
            Ascii.FromUtf16(raw[..at], into, out _);
            into[at] = (byte)'@';
            Ascii.ToLower(raw[(at + 1)..], into[(at + 1)..], out _);
            length = raw.Length;
            return true;
        }
        kind = ContactKind.Phone;
        Span<char> phone = stackalloc char[MaxLength];
        if (!TryPhone(raw, phone, out var n) || n > into.Length) return false;
        Ascii.FromUtf16(phone[..n], into, out _);
        length = n;
        return true;
    }

    private static bool TryEmail(ReadOnlySpan<char> text, Span<char> into, out int length)
    {
        length = 0;
        if (!IsEmail(text, out var at) || text.Length > into.Length) return false;
        text[..at].CopyTo(into);
        into[at] = '@';
        text[(at + 1)..].ToLowerInvariant(into[(at + 1)..]);
        length = text.Length;
        return true;
    }

    /// Email.Normalize's regular expression and lengths, for an address with no whitespace at all: local part of
    /// dot-atoms, domain of LDH labels (1 to 63, no hyphen at either end) and an alphabetic top label of 2 to 63.
    /// Normalised, the local part is kept and the domain lower-cased.
    private static bool IsEmail(ReadOnlySpan<char> text, out int at)
    {
        at = text.IndexOf('@');
        if (at is < 1 or > 64 || text.Length > 254) return false;
        var local = text[..at];
        var domain = text[(at + 1)..];
        if (local[0] == '.' || local[^1] == '.' || local.ContainsAnyExcept(AtextOrDot) || local.Contains("..", StringComparison.Ordinal)) return false;
        // Domain: labels separated by dots, at least two; every label but the last LDH, the last letters only.
        var lastDot = domain.LastIndexOf('.');
        if (lastDot < 1) return false;
        var top = domain[(lastDot + 1)..];
        if (top.Length is < 2 or > 63 || top.ContainsAnyExcept(Letters) || domain[..lastDot].ContainsAnyExcept(LdhOrDot)) return false;
        var start = 0;
        for (var i = 0; i <= lastDot; i++)
        {
            if (domain[i] != '.') continue;
            var label = domain[start..i];
            if (label.Length is < 1 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            start = i + 1;
        }
        return true;
    }

    // The local part's characters in Email.Normalize's expression: A-Z a-z 0-9 ! # $ % & ' * + / = ? ^ _ ` { | } ~ -
    private const string AsciiLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly SearchValues<char> AtextOrDot = SearchValues.Create(AsciiLetters + "0123456789!#$%&'*+/=?^_`{|}~-.");
    private static readonly SearchValues<char> LdhOrDot = SearchValues.Create(AsciiLetters + "0123456789-.");
    private static readonly SearchValues<char> Letters = SearchValues.Create(AsciiLetters);

    /// Phone.Normalize for digits with an optional leading `+` and the separators it drops (space, `-`, `(`, `)`,
    /// `.`; ASCII only): E.164 with +358 for a leading 0, 8 to 15 digits, 5 to 12 after +358.
    private static bool TryPhone(ReadOnlySpan<char> raw, Span<char> into, out int length)
    {
        length = 0;
        Span<char> compact = stackalloc char[MaxLength];
        var n = 0;
        foreach (var c in raw)
        {
            if (c is ' ' or '-' or '(' or ')' or '.') continue;
            if (!(char.IsAsciiDigit(c) || (c == '+' && n == 0))) return false;
            compact[n++] = c;
        }
        var digits = compact[..n];
        if (n == 0 || (n == 1 && digits[0] == '+')) return false;
        ReadOnlySpan<char> prefix;
        if (digits[0] == '+') { prefix = "+"; digits = digits[1..]; }
        else if (digits is ['0', '0', ..]) { prefix = "+"; digits = digits[2..]; }
        else if (digits[0] == '0') { prefix = "+358"; digits = digits[1..]; }
        else return false;
        var e164 = prefix.Length + digits.Length;
        if (e164 < 2 || e164 > into.Length) return false;
        prefix.CopyTo(into);
        digits.CopyTo(into[prefix.Length..]);
        if (into[1] == '0') return false;
        var count = e164 - 1;
        if (count is < 8 or > 15) return false;
        if (into[..e164].StartsWith("+358") && (count - 3 is < 5 or > 12)) return false;
        length = e164;
        return true;
    }
}
