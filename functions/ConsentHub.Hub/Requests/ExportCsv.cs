using System.Globalization;
using System.Text;
using ConsentHub.Contracts.Api;

namespace ConsentHub.Hub.Requests;

/// An export as a spreadsheet (RFC 4180): one row per statement, contact point, newsletter, banner choice, delivery
/// and request, under one header, so a person can open it anywhere and take it elsewhere.
public static class ExportCsv
{
    private static readonly string[] Header =
        ["section", "kind", "item", "channel", "value", "since", "source", "policyVersion", "contact", "textSha256", "ip", "userAgent", "recordedBy", "detail", "reference"];

    private sealed record Row(string Section, string Kind, string Item, string? Channel = null, string? Value = null, DateTimeOffset? Since = null,
        string? Source = null, string? PolicyVersion = null, string? Contact = null, EvidenceExport? Evidence = null, string? Detail = null, string? Reference = null);

    public static string Write(SubjectExport export)
    {
        var text = new StringBuilder();
        Line(text, Header);
        foreach (var row in Rows(export))
            Line(text, [row.Section, row.Kind, row.Item, row.Channel, row.Value, Time(row.Since), row.Source, row.PolicyVersion, row.Contact,
                row.Evidence?.TextSha256, row.Evidence?.Ip, row.Evidence?.UserAgent, row.Evidence?.RecordedBy, row.Detail, row.Reference]);
        return text.ToString();
    }

    private static IEnumerable<Row> Rows(SubjectExport x)
    {
        var p = x.Preferences;
        foreach (var email in p.ContactPoints.Emails) yield return new("contact-points", "email", "email", Value: email);
        foreach (var phone in p.ContactPoints.Phones) yield return new("contact-points", "phone", "phone", Value: phone);
        foreach (var token in p.ContactPoints.Push ?? []) yield return new("contact-points", "push", "push", Value: token);
        foreach (var s in x.Statements)
            yield return new("statements", s.Kind, s.Item, s.Channel, s.Value, s.At, s.Source, s.PolicyVersion, s.Contact, s.Evidence, Reference: s.EventId);
        foreach (var n in p.Newsletters) yield return new("newsletters", "newsletter", n.Id, "email", n.Status, n.Since);
        foreach (var r in x.BannerReceipts)
            foreach (var (category, allowed) in r.Categories)
                yield return new("banner-receipts", "cookie-category", category, null, allowed ? "allowed" : "denied", r.At, r.Action, r.PolicyVersion,
                    Evidence: r.Evidence, Detail: $"visitor {r.VisitorId}{(r.Gpc ? "; Global Privacy Control" : "")}", Reference: r.ReceiptId);
        foreach (var change in x.Propagations)
            foreach (var t in change.Targets)
                yield return new("propagations", change.ChangeType, t.Target, Value: t.Status, Since: t.CompletedAt ?? change.StartedAt,
                    Detail: $"attempts {t.Attempts}", Reference: change.ChangeId);
        foreach (var r in x.Requests)
            yield return new("requests", r.Type, r.Id, Value: r.Status, Since: r.ReceivedAt, Detail: $"due {Time(r.DueAt)}{(r.Extended ? "; extended" : "")}");
        if (x.Erasure is { } e)
        {
            foreach (var kind in e.Erased ?? []) yield return new("erasure", "erased", kind, Since: e.ErasedAt);
            foreach (var kind in e.Held) yield return new("erasure", "held", kind, Since: e.ErasedAt, Detail: $"until {Time(e.HeldUntil)}");
        }
    }

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, IEnumerable<string?> cells)
    {
        text.AppendJoin(',', cells.Select(Cell));
        text.Append("\r\n");
    }

    /// RFC 4180 quoting, and no formulas: a spreadsheet runs a cell that starts with = + - @ (or a tab or CR before
    /// one), so such a cell gets a leading apostrophe and is shown as text (OWASP "CSV injection").
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
