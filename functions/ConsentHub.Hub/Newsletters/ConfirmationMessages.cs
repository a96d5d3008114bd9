using ConsentHub.Contracts.Events;
using ConsentHub.Hub.Links;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Pages;
using ConsentHub.Hub.Propagation;
using static ConsentHub.Hub.Pages.Html;

namespace ConsentHub.Hub.Newsletters;

/// Double opt-in: a pending subscription to a list that asks for confirmation sends the person an e-mail in their
/// language with an absolute `/c/{token}` link, and RFC 2369 / RFC 8058 unsubscribe headers for the list.
/// Tokens are derived from the change (issued at its time), so a redelivery composes the same message.
public sealed class ConfirmationMessages(LinkTokens tokens) : IChangeMessages
{
    public const string Kind = "newsletter-confirmation";

    public bool MayCare(ChangeHead head) => head.Is<LedgerEvent.NewsletterSubscribed>() && head.Catalog.Definition.Newsletters.Any(n => n.DoubleOptIn);

    public IEnumerable<HubMessage> For(ChangeContext change)
    {
        if (change.Event is not LedgerEvent.NewsletterSubscribed { Confirmed: false } subscribed) yield break;
        if (change.Imported) yield break;   // an import records subscriptions as confirmed; none asks the person again
        if (change.Catalog.Newsletter(subscribed.ListId) is not { DoubleOptIn: true } list) yield break;
        var tenant = change.Catalog.Definition;
        var lang = change.Language;
        var t = PageTexts.For(lang);
        var listName = OptOuts.Name(list.Names, lang, tenant, list.Id);
        var subjectId = change.Stored.Stream.IsSubject ? change.SubjectId : null;
        foreach (var email in change.Emails)
        {
            LinkClaims Claims(string kind) => new(kind, change.Tenant, subjectId is null ? email : null, subjectId, list.Id, null, lang, change.Stored.RecordedAt);
            var confirm = Http.PublicUrls.Link(change.PublicBaseUrl, LinkKinds.Confirm, tokens.Issue(Claims(LinkKinds.Confirm)));
            var unsubscribe = Http.PublicUrls.Link(change.PublicBaseUrl, LinkKinds.Unsubscribe, tokens.Issue(Claims(LinkKinds.Unsubscribe)));
            var html = ActionMail(lang, t.ConfirmSubject(listName), confirm, t.ConfirmButton, t.ConfirmIgnore(tenant.Name));
            yield return new HubMessage("email", email, t.ConfirmSubject(listName), t.ConfirmText(tenant.Name, listName, confirm), html,
                new Dictionary<string, string> { ["List-Unsubscribe"] = $"<{unsubscribe}>", ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click" }, Kind);
        }
    }
}
