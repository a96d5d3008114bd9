using System.Globalization;
using System.Text.RegularExpressions;

namespace ConsentHub.Domain.Retention;

/// An ISO 8601 duration of whole years, months, weeks and days (`P13M`, `P1Y6M`, `P45D`, `P2W`).
/// A small parser of its own rather than XmlConvert.ToTimeSpan: a TimeSpan has no months, so XmlConvert counts a
/// month as 30 days and P13M would become 390 days; here years and months stay calendar years and months
/// (DateTimeOffset.AddMonths: 31 January minus one month is 31 December, 31 March minus one month is 28/29 February).
/// Time parts (`T…`) are refused: retention is kept to the day.
public readonly partial record struct Period(int Years, int Months, int Days)
{
    [GeneratedRegex(@"^P(?!$)(?:(\d{1,4})Y)?(?:(\d{1,5})M)?(?:(\d{1,4})W)?(?:(\d{1,6})D)?\z")]
    private static partial Regex Pattern();

    public static Period? Parse(string? text)
    {
        if (text is null || Pattern().Match(text) is not { Success: true } m) return null;
        int Part(int i) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        return new Period(Part(1), Part(2), Part(3) * 7 + Part(4));
    }

    /// The moment the period reaches back to from `now`: what happened before it is older than the period.
    public DateTimeOffset Before(DateTimeOffset now) => now.AddYears(-Years).AddMonths(-Months).AddDays(-Days);

    /// Whether something that happened `at` is older than the period at `now`.
    public bool HasPassedSince(DateTimeOffset at, DateTimeOffset now) => at < Before(now);

    public override string ToString() =>
        "P" + (Years > 0 ? $"{Years}Y" : "") + (Months > 0 ? $"{Months}M" : "") + (Days > 0 || (Years == 0 && Months == 0) ? $"{Days}D" : "");
}
