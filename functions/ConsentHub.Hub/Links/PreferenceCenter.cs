using System.Text;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Pages;
using static ConsentHub.Hub.Pages.Html;

namespace ConsentHub.Hub.Links;

/// `GET/POST /p/{token}`: the person's preference center. Every purpose and newsletter of the tenant with its current
/// state and description; a save records only what changed, each change with the wording shown as evidence; "stop
/// all marketing" records a direct-marketing objection and leaves every newsletter. Works without JavaScript.
/// Any link may opt out; opting in needs a link the hub mailed to the address moments ago (MailedLinks), so that a
/// forwarded or leaked link cannot lift a prohibition, grant a consent or join a list for someone else. Its "your
/// data" section files data subject requests (PreferenceRequests), under the same proof.
public static class PreferenceCenter
{
    internal static IEndpointRouteBuilder MapPreferenceCenter(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{token}", Show).WithTags("Links");
        app.MapPost("/p/{token}", Save).WithTags("Links");
        app.MapPost("/p/{token}/send-link", MailedLinks.Send).WithTags("Links");
        app.MapPost("/p/{token}/requests", PreferenceRequests.File).WithTags("Links");
        return app;
    }

    private static async Task<IResult> Show(HttpContext http, string token, string? saved, PersonWrites people, CancellationToken ct)
    {
        var (link, problem) = LinkPages.Open(http, token, LinkKinds.Preferences);
        if (problem is not null) return problem;
        if (await people.ErasedAsync(link!.Person, ct)) return LinkPages.Erased(http, link);
        var t = link.Texts;
        var items = PreferenceItems.Of(link, (await people.StatesAsync(link.Person, ct)));
        var email = await people.EmailOfAsync(link.Person, ct);
        var body = new StringBuilder();
        if (saved is "1" or "stopped") body.Append("<div class=\"ok\" role=\"status\">").Append(E(saved == "1" ? t.CenterSaved : t.CenterStopped)).Append("</div>");
        body.Append("<p>").Append(email is null ? t.CenterIntroSubject(E(link.Tenant.Name)) : t.CenterIntro(E(link.Tenant.Name), E(LinkPages.Masked(email)))).Append("</p>");
        if (items.Any(i => i.Reason == Reasons.ProcessingRestricted)) body.Append("<p class=\"note\">").Append(E(t.CenterRestricted)).Append("</p>");
        if (!link.MailboxProven) body.Append(MailedLinks.Offer(link, token, email));
        body.Append("<form method=\"post\">");
        foreach (var (heading, group) in new[] { (t.CenterPurposes, items.Where(i => i.Newsletter is null)), (t.CenterNewsletters, items.Where(i => i.Newsletter is not null)) })
        {
            if (!group.Any()) continue;
            body.Append("<h2>").Append(E(heading)).Append("</h2>");
            foreach (var item in group) Row(body, item, t, link.MailboxProven);
        }
        body.Append("<p><button type=\"submit\" name=\"action\" value=\"save\">").Append(E(t.CenterSave)).Append("</button></p>")
            .Append("<div class=\"card\"><button class=\"stop\" type=\"submit\" name=\"action\" value=\"stop-all\">").Append(E(t.CenterStopAll))
            .Append("</button><span class=\"desc\">").Append(E(t.CenterStopAllNote)).Append("</span></div></form>");
        body.Append(PreferenceRequests.Section(link, token));
        return Page(http, 200, link.Language, link.Tenant, t.CenterTitle, body.ToString(), LanguageLinks(http.Request, link.Tenant, link.Language));
    }

    /// Without a proven mailbox an item that is off stays off here: turning it on is an opt-in.
    private static void Row(StringBuilder body, PreferenceItem item, PageTexts t, bool mailboxProven)
    {
        var changeable = item.Changeable && (mailboxProven || item.Allowed);
        var note = item.Service ? t.CenterServiceNote
            : item.Reason == Reasons.DirectMarketingProhibited && item.Field != PreferenceItems.DirectMarketingField ? t.CenterBlocked
            : item.Pending ? t.CenterPending : null;
        body.Append("<div class=\"card\"><label><input type=\"checkbox\" name=\"").Append(E(item.Field)).Append('"')
            .Append(item.Allowed ? " checked" : "").Append(changeable ? "" : " disabled").Append("><span><b>").Append(E(item.Name)).Append("</b>");
        if (item.Description is not null) body.Append("<span class=\"desc\">").Append(E(item.Description)).Append("</span>");
        if (note is not null) body.Append("<span class=\"note\">").Append(E(note)).Append("</span>");
        body.Append("</span></label>");
        if (changeable) body.Append("<input type=\"hidden\" name=\"shown\" value=\"").Append(E(item.Field)).Append("\">");
        body.Append("</div>");
    }

    private static async Task<IResult> Save(HttpContext http, string token, PersonWrites people, CancellationToken ct)
    {
        var (opened, form, problem) = await LinkForms.OpenPreferencesPostAsync(http, token, people, ct);
        if (problem is not null) return problem;
        var link = opened!;
        var stopAll = form?["action"].ToString() == "stop-all";
        var shown = form?["shown"].OfType<string>().ToHashSet() ?? [];
        var states = (await people.StatesAsync(link.Person, ct));
        var items = PreferenceItems.Of(link, states);
        var changes = stopAll
            ? PreferenceItems.StopAll(link, items, states)
            : items.Where(i => i.Changeable && shown.Contains(i.Field))
                .Select(i => PreferenceItems.Change(link, i, form?[i.Field].ToString() == "on")).OfType<PreferenceChange>().ToList();
        // All or nothing: a form that opts in anywhere records none of its changes without a proven mailbox.
        if (!link.MailboxProven && changes.Any(c => c.OptIn)) return MailedLinks.ProofNeeded(http, link, token, await people.EmailOfAsync(link.Person, ct));
        foreach (var change in changes)
        {
            var write = await people.WriteAsync(http, link.Person, "pc:" + Guid.NewGuid().ToString("N"), "preference-center", change.Wording, change.Build, ct);
            if (write.Outcome is LedgerOutcome.SubjectErased) return LinkPages.Erased(http, link);
        }
        var lang = http.Request.Query["lang"].ToString() is { Length: > 0 } l ? $"lang={Uri.EscapeDataString(l)}&" : "";
        // Post/redirect/get: 303 so a reload shows the page instead of posting again.
        http.Response.Headers.Location = $"/p/{token}?{lang}saved={(stopAll ? "stopped" : "1")}";
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }
}
