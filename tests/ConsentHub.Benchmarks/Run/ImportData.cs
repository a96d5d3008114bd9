using System.Globalization;
using System.Text;

namespace ConsentHub.Benchmarks.Run;

/// The tenant's register as the bulk import takes it: per subject an e-mail and a phone, and four statements about
/// them, so n subjects make 2n contact points and about 5n events (the 1,000,000 → 2,000,000 and 5,000,000).
/// A quarter object to direct marketing by e-mail (the checks meet both answers), the rest by SMS.
public static class ImportData
{
    public static string Email(int i) => $"person{i}@example.fi";

    public static string SubjectId(int i) => $"s{i}";

    /// Subjects whose import already forbids e-mail marketing; the opt-out the benchmark times is of the others.
    public static bool ObjectsByEmail(int i) => i % 4 == 0;

    public static async Task<int> WriteAsync(string subjects, string path)
    {
        var n = int.Parse(subjects, CultureInfo.InvariantCulture);
        await using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (var i = 0; i < n; i++)
        {
            var s = SubjectId(i);
            var phone = $"+35840{i:D7}";
            await file.WriteAsync($$"""
                {"type":"contact-points","subjectId":"{{s}}","emails":["{{Email(i)}}"],"phones":["{{phone}}"],"source":"crm"}
                {"type":"consent","subjectId":"{{s}}","purpose":"market-research","channel":"email","granted":{{(i % 3 != 0 ? "true" : "false")}},"policyVersion":"2026-01-01","source":"crm"}
                {"type":"consent","subjectId":"{{s}}","purpose":"market-research","channel":"phone","granted":{{(i % 2 == 0 ? "true" : "false")}},"policyVersion":"2026-01-01","source":"crm"}
                {"type":"newsletter","subjectId":"{{s}}","newsletter":"offers","subscribed":false,"source":"crm"}
                {"type":"objection","subjectId":"{{s}}","scope":"direct-marketing","channel":"{{(ObjectsByEmail(i) ? "email" : "sms")}}","source":"crm","evidence":{"recordedBy":"migration"} }

                """);
        }
        return 0;
    }
}
