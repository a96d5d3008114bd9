using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Links;
using static ConsentHub.Hub.Pages.Html;

namespace ConsentHub.Hub.Newsletters;

/// `GET /c/{token}`: confirms a pending subscription (newsletter.confirmed with time, IP and user agent as evidence)
/// and thanks the person in their language. The request id derives from the token, so a second click is a replay.
public static class ConfirmPage
{
    public static async Task<IResult> Confirm(HttpContext http, string token, PersonWrites people, CancellationToken ct)
    {
        var (link, problem) = LinkPages.Open(http, token, LinkKinds.Confirm);
        if (problem is not null) return problem;
        if (await people.ErasedAsync(link!.Person, ct)) return LinkPages.Erased(http, link);
        var t = link.Texts;
        var list = link.Claims.ListId!;
        var listName = UnsubscribePages.ListName(link, list);
        var entries = (await people.StatesAsync(link.Person, ct)).Select(s => s.Newsletters.GetValueOrDefault(list)).OfType<NewsletterEntry>().ToList();
        var latest = entries.MaxBy(e => e.Since);
        // Left (or never asked) since this link was sent: an old confirmation link must not subscribe anyone again.
        if (latest is null || (latest.Status == NewsletterStatus.Unsubscribed && latest.Since >= link.Claims.IssuedAt))
            return Page(http, 410, link.Language, link.Tenant, t.ConfirmGoneTitle, $"<div class=\"card\"><p>{E(t.ConfirmGoneBody)}</p></div>");
        var body = t.ConfirmedBody(E(listName));
        if (latest.Status != NewsletterStatus.Subscribed)
        {
            var write = await people.WriteAsync(http, link.Person, $"confirm:{link.TokenId}", "confirmation-link", $"{t.ConfirmedTitle}\n{body}",
                (meta, evidence) => new LedgerCommand.ConfirmSubscription(list, evidence, meta), ct);
            if (write.Outcome is LedgerOutcome.KeyReused) return Problems.KeyReused();
            if (write.Outcome is LedgerOutcome.SubjectErased) return LinkPages.Erased(http, link);
        }
        return Page(http, 200, link.Language, link.Tenant, t.ConfirmedTitle, $"<div class=\"ok\">{body}</div>");
    }
}
