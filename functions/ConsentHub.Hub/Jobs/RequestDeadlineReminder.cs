using System.Globalization;
using System.Net;
using System.Text;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Requests;
using ConsentHub.Hub.Messages;

namespace ConsentHub.Hub.Jobs;

/// The message the deadline job mails a tenant's privacy contact, in the tenant's default language: the open requests
/// due within 7 days and those overdue, by id, type and due date (the date in Helsinki, as the deadline is counted).
/// Nothing about the person but the subject id the controller itself gave.
public static class RequestDeadlineReminder
{
    public const string Kind = "request-deadlines";

    public static HubMessage Compose(TenantDefinition tenant, string to, IReadOnlyList<RequestView> overdue, IReadOnlyList<RequestView> dueSoon)
    {
        var t = Texts(tenant.DefaultLanguage);
        var text = new StringBuilder();
        text.Append(t.Intro(tenant.Name)).Append("\n\n");
        Section(text, t.Overdue, t, overdue);
        Section(text, t.DueSoon, t, dueSoon);
        text.Append(t.Footer(tenant.Id)).Append('\n');
        var html = $"<!doctype html><meta charset=\"utf-8\"><pre style=\"font-family:sans-serif;white-space:pre-wrap\">{WebUtility.HtmlEncode(text.ToString())}</pre>";
        return new HubMessage("email", to, t.Subject(tenant.Name, overdue.Count, dueSoon.Count), text.ToString(), html, new Dictionary<string, string>(), Kind);
    }

    private static void Section(StringBuilder text, string heading, ReminderTexts t, IReadOnlyList<RequestView> requests)
    {
        if (requests.Count == 0) return;
        text.Append(heading).Append(" (").Append(requests.Count).Append(")\n");
        foreach (var r in requests.OrderBy(r => r.DueAt))
            text.Append(CultureInfo.InvariantCulture, $"- {r.Id}: {t.Type(r.Type)}, {t.Subject_}: {r.SubjectId}, {t.Due}: {RequestDeadline.DayOf(r.DueAt):yyyy-MM-dd}{(r.Extended ? t.Extended : "")}\n");
        text.Append('\n');
    }

    private sealed record ReminderTexts(Func<string, int, int, string> Subject, Func<string, string> Intro, string Overdue, string DueSoon, string Due,
        string Subject_, string Extended, Func<string, string> Footer, IReadOnlyDictionary<string, string> Types)
    {
        public string Type(string type) => Types.GetValueOrDefault(type, type);
    }

    private static ReminderTexts Texts(string language) => language switch
    {
        "sv" => new((name, o, s) => $"{name}: {o} försenade och {s} snart förfallande begäranden om registrerades rättigheter",
            name => $"Begäranden om registrerades rättigheter hos {name} som ska besvaras inom en månad (GDPR art. 12.3):",
            "Försenade", "Förfaller inom 7 dagar", "förfaller", "registrerad", " (förlängd)",
            id => $"Besvara dem i ConsentHub (GET /api/v1/{id}/requests?status=open). Detta meddelande skickas dagligen till organisationens dataskyddskontakt.",
            new Dictionary<string, string> { ["access"] = "tillgång", ["portability"] = "dataportabilitet", ["erasure"] = "radering", ["rectification"] = "rättelse", ["restriction"] = "begränsning", ["objection"] = "invändning" }),
        "en" => new((name, o, s) => $"{name}: {o} overdue and {s} soon due data subject requests",
            name => $"Data subject requests at {name} that must be answered within one month (GDPR art. 12(3)):",
            "Overdue", "Due within 7 days", "due", "subject", " (extended)",
            id => $"Answer them in ConsentHub (GET /api/v1/{id}/requests?status=open). This message goes daily to the organisation's privacy contact.",
            new Dictionary<string, string> { ["access"] = "access", ["portability"] = "portability", ["erasure"] = "erasure", ["rectification"] = "rectification", ["restriction"] = "restriction", ["objection"] = "objection" }),
        _ => new((name, o, s) => $"{name}: {o} myöhässä ja {s} pian erääntyvää tietosuojapyyntöä",
            name => $"Rekisteröityjen pyynnöt, joihin {name} vastaa kuukauden kuluessa (tietosuoja-asetus 12 artiklan 3 kohta):",
            "Myöhässä", "Erääntyy 7 päivän kuluessa", "määräpäivä", "rekisteröity", " (jatkettu)",
            id => $"Vastaa niihin ConsentHubissa (GET /api/v1/{id}/requests?status=open). Tämä viesti lähetetään päivittäin organisaation tietosuojayhteyshenkilölle.",
            new Dictionary<string, string> { ["access"] = "tarkastus", ["portability"] = "siirto", ["erasure"] = "poisto", ["rectification"] = "oikaisu", ["restriction"] = "käsittelyn rajoitus", ["objection"] = "vastustus" }),
    };
}
