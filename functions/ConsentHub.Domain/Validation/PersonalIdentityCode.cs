using System.Text.RegularExpressions;

namespace ConsentHub.Domain.Validation;

/// Finds Finnish personal identity codes (henkilötunnus, DDMMYYCZZZQ) so they are never stored in clear:
/// an id or free text that holds one is refused.
public static partial class PersonalIdentityCode
{
    private const string CheckCharacters = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    [GeneratedRegex(@"(?<![0-9A-Za-z])([0-9]{2})([0-9]{2})([0-9]{2})([-+A-FU-Ya-fu-y])([0-9]{3})([0-9A-Ya-y])(?![0-9A-Za-z])")]
    private static partial Regex Candidate();

    public static bool IsValid(string value) => Candidate().Match(value) is { Success: true } m && m.Length == value.Length && Check(m);

    /// Whether the text contains a code with a valid date and check character anywhere in it.
    public static bool ContainsAny(string? text) =>
        !string.IsNullOrEmpty(text) && HasSixDigitsInARow(text) && Candidate().Matches(text).Any(Check);

    // Every code starts with six digits in a row; most texts checked on every request (a User-Agent, a host name) have
    // none, and skip the expression.
    private static bool HasSixDigitsInARow(string text)
    {
        var run = 0;
        foreach (var c in text)
            if (!char.IsAsciiDigit(c)) run = 0;
            else if (++run == 6) return true;
        return false;
    }

    private static bool Check(Match m)
    {
        var day = int.Parse(m.Groups[1].ValueSpan);
        var month = int.Parse(m.Groups[2].ValueSpan);
        if (day is < 1 or > 31 || month is < 1 or > 12) return false;
        var number = long.Parse(m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value + m.Groups[5].Value);
        return char.ToUpperInvariant(m.Groups[6].Value[0]) == CheckCharacters[(int)(number % 31)];
    }
}
