using System.Text.RegularExpressions;

namespace ConsentHub.Domain.Validation;

public enum ContactKind { Email, Phone, Push }

/// A normalised contact point: e-mails trimmed with the domain lower-cased, phones in E.164 (+358 default), push
/// device tokens trimmed only.
public readonly record struct ContactPoint(ContactKind Kind, string Value)
{
    public string KindName => NameOf(Kind);

    /// The kind as contact hashes and events spell it.
    public static string NameOf(ContactKind kind) => kind switch { ContactKind.Email => "email", ContactKind.Phone => "phone", _ => "push" };

    /// The kind a stored name (ContactIdentified.Kind, a link's kind) stands for.
    public static ContactKind KindOf(string name) => name switch { "email" => ContactKind.Email, "push" => ContactKind.Push, _ => ContactKind.Phone };

    public static bool TryParse(string? raw, out ContactPoint contact)
    {
        contact = default;
        if (string.IsNullOrWhiteSpace(raw)) return false;
        var text = raw.Trim();
        if (text.Contains('@'))
        {
            if (Email.Normalize(text) is not { } email) return false;
            contact = new(ContactKind.Email, email);
            return true;
        }
        if (Phone.Normalize(text) is not { } phone) return false;
        contact = new(ContactKind.Phone, phone);
        return true;
    }
}

public static partial class Email
{
    // Practical syntax check (RFC 5321 lengths, dot-atom local part, LDH domain labels with a dot).
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex Syntax();

    public static string? Normalize(string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 254 || !Syntax().IsMatch(text)) return null;
        var at = text.LastIndexOf('@');
        if (at > 64) return null;
        return text[..at] + "@" + text[(at + 1)..].ToLowerInvariant();
    }
}

public static partial class Phone
{
    [GeneratedRegex(@"^\+?[0-9]+\z")]
    private static partial Regex Digits();

    /// E.164 with Finland (+358) as the default region: `040 123 4567` → `+358401234567`.
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var compact = string.Concat(raw.Where(c => c is not (' ' or '-' or '(' or ')' or '.' or '\u00a0')));
        if (!Digits().IsMatch(compact)) return null;
        string e164 = compact switch
        {
            ['+', ..] => compact,
            ['0', '0', ..] => "+" + compact[2..],
            ['0', ..] => "+358" + compact[1..],
            _ => "",
        };
        if (e164.Length < 2 || e164[1] == '0') return null;
        var digits = e164.Length - 1;
        if (digits is < 8 or > 15) return null;
        // Finnish numbers: 5 to 12 digits after the country code.
        if (e164.StartsWith("+358", StringComparison.Ordinal) && (digits - 3 is < 5 or > 12)) return null;
        return e164;
    }
}

/// A push notification device token (FCM, APNs, a web push id): opaque to the hub, so it is only trimmed, never
/// rewritten (a changed token would no longer reach the device), and refused when it is too long or not one word of
/// visible ASCII (no provider issues such tokens; anything else is a mistake, e.g. a whole JSON subscription).
public static class PushToken
{
    public const string Prefix = "push:";
    public const int MaxLength = 512;

    public static string? Normalize(string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || text.Any(c => c is < '!' or > '~')) return null;
        return text;
    }
}
