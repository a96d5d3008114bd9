using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Pages;
using static ConsentHub.Hub.Pages.Html;

namespace ConsentHub.Hub.Links;

/// "Send me a link": `POST /p/{token}/send-link` records that the person asked (preference-link.requested on their
/// own stream) and the propagation engine mails a fresh preference link to the address (MailedLinkMessages). Only
/// that link proves the mailbox, and only for LinkTokens.MailedProofLifetime (1 h); any link can still opt out.
/// At most one such mail per address in `Quiet`: the request id names the window, so repeats within it are replays
/// of the same statement, and a request while a mail from the last window is this recent sends nothing either.
public static class MailedLinks
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(5);

    public const string Source = "preference-center";

    public static async Task<IResult> Send(HttpContext http, string token, PersonWrites people, TimeProvider clock, CancellationToken ct)
    {
        var (link, problem) = LinkPages.Open(http, token, LinkKinds.Preferences);
        if (problem is not null) return problem;
        if (LinkForms.RefuseForeign(http, link!) is { } foreign) return foreign;
        if (await people.ErasedAsync(link!.Person, ct)) return LinkPages.Erased(http, link);
        var s = link.Safety;
        if (await people.EmailOfAsync(link.Person, ct) is not { } email)
            return LinkPages.Error(http, 409, "no-address", link.Language, link.Tenant, _ => (s.NoAddressTitle, s.NoAddressBody));
        var now = clock.GetUtcNow();
        if (await people.LastRequestAsync(link.Person, RequestPrefix, ct) is not { } last || now - last >= Quiet)
        {
            var requestId = RequestPrefix + (now.ToUnixTimeSeconds() / (long)Quiet.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var write = await people.WriteAsync(http, link.Person, requestId, Source, s.LinkSentTitle,
                (meta, evidence) => new LedgerCommand.RequestPreferenceLink(link.Language, evidence, meta), ct);
            if (write.Outcome is LedgerOutcome.SubjectErased) return LinkPages.Erased(http, link);
        }
        // The same answer whether a mail went now or a moment ago: the person is told to look in their mailbox.
        return Page(http, 202, link.Language, link.Tenant, s.LinkSentTitle, $"<div class=\"ok\" role=\"status\">{s.LinkSentBody(E(LinkPages.Masked(email)))}</div>");
    }

    private const string RequestPrefix = "preference-link:";

    /// The note and button a preference page shows while its link cannot opt in.
    public static string Offer(LinkContext link, string token, string? email) => email is null
        ? $"<div class=\"card\"><p>{E(link.Safety.ProofNoteNoAddress)}</p></div>"
        : $"<div class=\"card\"><p>{link.Safety.ProofNote(E(LinkPages.Masked(email)))}</p>{Button(link, token)}</div>";

    /// A form that opts in without a proven mailbox: refused whole, with the way to get a link that may.
    public static IResult ProofNeeded(HttpContext http, LinkContext link, string token, string? email)
    {
        var s = link.Safety;
        if (!WantsHtml(http.Request)) return Http.Problems.Of(403, "mailbox-proof-needed", s.ProofNeededTitle, s.ProofNeededBody);
        return Page(http, 403, link.Language, link.Tenant, s.ProofNeededTitle,
            $"<div class=\"card\"><p>{E(s.ProofNeededBody)}</p>{(email is null ? $"<p>{E(s.ProofNoteNoAddress)}</p>" : Button(link, token))}</div>");
    }

    private static string Button(LinkContext link, string token) =>
        $"<form method=\"post\" action=\"{E($"/p/{token}/send-link?lang={link.Language}")}\"><button type=\"submit\">{E(link.Safety.SendLinkButton)}</button></form>";
}
