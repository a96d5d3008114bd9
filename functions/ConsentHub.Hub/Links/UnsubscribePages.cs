using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Pages;
using static ConsentHub.Hub.Pages.Html;

namespace ConsentHub.Hub.Links;

/// `GET /u/{token}` asks with one button; `POST /u/{token}` (that button, or a mail provider's RFC 8058 one-click
/// `List-Unsubscribe=One-Click`) records the opt-out. GET never records: link scanners open every link in a mail.
public static class UnsubscribePages
{
    public static async Task<IResult> Show(HttpContext http, string token, PersonWrites people, CancellationToken ct)
    {
        var (link, problem) = LinkPages.Open(http, token, LinkKinds.Unsubscribe);
        if (problem is not null) return problem;
        if (await people.ErasedAsync(link!.Person, ct)) return LinkPages.Erased(http, link);
        var (title, question, button) = Wording(link, await people.EmailOfAsync(link.Person, ct));
        var body = $"<div class=\"card\"><p>{question}</p><form method=\"post\">" +
            "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><input type=\"hidden\" name=\"via\" value=\"page\">" +
            $"<button type=\"submit\">{E(button)}</button></form></div>";
        return Page(http, 200, link!.Language, link.Tenant, title, body, LanguageLinks(http.Request, link.Tenant, link.Language));
    }

    /// Records the opt-out and says so; it hands out no preference link: a forwarded unsubscribe mail must not open
    /// the person's other choices to whoever holds it.
    public static async Task<IResult> Record(HttpContext http, string token, PersonWrites people, CancellationToken ct)
    {
        var (link, problem) = LinkPages.Open(http, token, LinkKinds.Unsubscribe);
        if (problem is not null) return problem;
        if (LinkForms.RefuseForeign(http, link!) is { } foreign) return foreign;
        var (form, formProblem) = await LinkForms.ReadAsync(http, link!, ct);
        if (formProblem is not null) return formProblem;
        if (await people.ErasedAsync(link!.Person, ct)) return LinkPages.Erased(http, link);
        var (title, question, _) = Wording(link, await people.EmailOfAsync(link.Person, ct));
        var states = (await people.StatesAsync(link.Person, ct));
        if (!OptOuts.InEffect(link.Claims, link.Catalog, states))
        {
            // Derived from the token and the person's state: a double click is one statement, a click after a later change a new one.
            var requestId = $"link:{link.TokenId}:{await people.VersionAsync(link.Person, ct)}";
            var source = form?["via"].ToString() == "page" ? "unsubscribe-page" : "one-click-unsubscribe";
            var write = await people.WriteAsync(http, link.Person, requestId, source, $"{title}\n{question}",
                (meta, evidence) => OptOuts.Command(link.Claims, link.Catalog, meta, evidence), ct);
            if (write.Outcome is LedgerOutcome.KeyReused) return Problems.KeyReused();
            if (write.Outcome is LedgerOutcome.SubjectErased) return LinkPages.Erased(http, link);
        }
        var t = link.Texts;
        var done = link.Claims.ListId is { } list ? t.DoneList(E(ListName(link, list))) : t.DonePurpose(E(link.Tenant.Name));
        return Page(http, 200, link.Language, link.Tenant, t.DoneTitle, $"<div class=\"ok\">{done}</div>");
    }

    private static (string Title, string Question, string Button) Wording(LinkContext link, string? email)
    {
        var t = link.Texts;
        var who = E(email is null ? "•••" : LinkPages.Masked(email));
        if (link.Claims.ListId is { } list) return (t.UnsubscribeListTitle(ListName(link, list)), t.UnsubscribeListQuestion(E(ListName(link, list)), who), t.UnsubscribeListButton);
        var purpose = link.Catalog.Purpose(link.Claims.Purpose!)!;
        if (purpose.Id == Domain.Catalog.ObjectionScopes.DirectMarketing)
            return (t.UnsubscribeDirectMarketingTitle, t.UnsubscribeDirectMarketingQuestion(E(link.Tenant.Name), who), t.UnsubscribePurposeButton);
        var name = OptOuts.Name(purpose.Names, link.Language, link.Tenant, purpose.Id);
        return (name, t.UnsubscribePurposeQuestion(E(name), who), t.UnsubscribePurposeButton);
    }

    public static string ListName(LinkContext link, string list) =>
        OptOuts.Name(link.Catalog.Newsletter(list)?.Names, link.Language, link.Tenant, list);
}
