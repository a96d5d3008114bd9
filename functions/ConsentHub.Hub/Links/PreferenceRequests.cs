using System.Text;
using ConsentHub.Domain.Requests;
using ConsentHub.Hub.Pages;
using ConsentHub.Hub.Requests;
using ConsentHub.Hub.Security;
using static ConsentHub.Hub.Pages.Html;

namespace ConsentHub.Hub.Links;

/// `POST /p/{token}/requests`: the person files a data subject request from their preference center: a copy of their
/// data (access, art. 15: the copy the controller gives may be the machine-readable export, so portability needs no
/// button of its own), a correction with what to correct (rectification, art. 16) or erasure (art. 17). Like opting
/// in, it needs a link the hub mailed to the person's address moments ago (MailedLinks): that is the identity check
/// (`identityVerifiedBy: mailbox`), and a forwarded or leaked link files nothing. The case is recorded through
/// RequestCases with channel `preference-center` and the page's language. A request is the subject's: a link for a
/// bare address has no subject to file for, so the form is not offered and a post is refused (409 `no-subject`).
/// The same form posted again with the same link is the same request (its id follows from the link and the form).
public static class PreferenceRequests
{
    public const int DetailsLimit = 2000;

    public const string IdentityVerifiedBy = "mailbox";

    private static readonly string[] Offered = ["access", "rectification", "erasure"];

    /// The "your data" section of the preference center.
    public static string Section(LinkContext link, string token)
    {
        var r = RequestTexts.For(link.Language);
        var body = new StringBuilder("<h2>").Append(E(r.SectionTitle)).Append("</h2>");
        if (link.Person.SubjectId is null)
            return body.Append("<div class=\"card\"><p>").Append(E(r.NoSubjectBody(link.Tenant.Name))).Append("</p></div>").ToString();
        body.Append("<p>").Append(E(r.SectionIntro(link.Tenant.Name))).Append("</p>");
        if (!link.MailboxProven) body.Append("<p class=\"note\">").Append(E(r.ProofNote)).Append("</p>");
        var action = E($"/p/{token}/requests?lang={link.Language}");
        string Form(string inner) => $"<form class=\"card\" method=\"post\" action=\"{action}\">{inner}</form>";
        body.Append(Form($"<button type=\"submit\" name=\"type\" value=\"access\">{E(r.CopyButton)}</button>"))
            .Append(Form($"<label for=\"details\">{E(r.CorrectLabel)}</label><textarea id=\"details\" name=\"details\" rows=\"3\" maxlength=\"{DetailsLimit}\" required style=\"width:100%;box-sizing:border-box;font:inherit\"></textarea>" +
                $"<button type=\"submit\" name=\"type\" value=\"rectification\">{E(r.CorrectButton)}</button>"))
            .Append(Form($"<button class=\"stop\" type=\"submit\" name=\"type\" value=\"erasure\">{E(r.EraseButton)}</button><span class=\"desc\">{E(r.EraseNote)}</span>"));
        return body.ToString();
    }

    public static async Task<IResult> File(HttpContext http, string token, PersonWrites people, RequestCases cases, TimeProvider clock, CancellationToken ct)
    {
        var (opened, form, problem) = await LinkForms.OpenPreferencesPostAsync(http, token, people, ct);
        if (problem is not null) return problem;
        var link = opened!;
        var r = RequestTexts.For(link.Language);
        if (link.Person.SubjectId is not { } subjectId)
            return LinkPages.Error(http, 409, "no-subject", link.Language, link.Tenant, _ => (r.NoSubjectTitle, r.NoSubjectBody(link.Tenant.Name)));
        if (!link.MailboxProven) return ProofNeeded(http, link, token, await people.EmailOfAsync(link.Person, ct));
        var type = form?["type"].ToString() ?? "";
        var details = type == "rectification" ? form?["details"].ToString().Trim() : null;
        var invalid = !Offered.Contains(type) ? r.UnknownType
            : type == "rectification" && string.IsNullOrEmpty(details) ? r.DetailsMissing
            : details?.Length > DetailsLimit ? r.DetailsTooLong(DetailsLimit)
            : null;
        if (invalid is not null) return LinkPages.Error(http, 400, "invalid-request", link.Language, link.Tenant, _ => (r.InvalidTitle, invalid));
        // The id follows from the link and the form: a double click or a reload is a replay of the same request.
        var hash = Hashes.Sha256Hex($"{link.TokenId}\n{type}\n{details}");
        var request = new NewRequest(subjectId, type, clock.GetUtcNow(), IdentityVerifiedBy, RequestChannels.PreferenceCenter, link.Language, details);
        var (outcome, state, id) = await cases.ReceiveAsync(link.Claims.Tenant, request, "key:preference-center:" + hash, hash, ct);
        if (outcome is not (RequestOutcome.Done or RequestOutcome.Replayed) || state.DueAt is not { } due)
            throw new InvalidOperationException($"A request filed from the preference center was {outcome}");
        var body = $"<div class=\"ok\" role=\"status\">{r.FiledBody(E(r.TypeName(type)), E(link.Tenant.Name), $"<b>{E(id)}</b>", E(RequestTexts.Date(due, link.Language)))}</div>" +
            $"<p><a href=\"{E($"/p/{token}?lang={link.Language}")}\">{E(r.BackLink)}</a></p>";
        return Page(http, 200, link.Language, link.Tenant, r.FiledTitle, body);
    }

    /// Filing without a freshly mailed link: refused, with the way to get one.
    private static IResult ProofNeeded(HttpContext http, LinkContext link, string token, string? email)
    {
        var (title, why) = (link.Safety.ProofNeededTitle, RequestTexts.For(link.Language).ProofNeededBody);
        if (!WantsHtml(http.Request)) return Http.Problems.Of(403, "mailbox-proof-needed", title, why);
        return Page(http, 403, link.Language, link.Tenant, title, $"<div class=\"card\"><p>{E(why)}</p></div>{MailedLinks.Offer(link, token, email)}");
    }
}
