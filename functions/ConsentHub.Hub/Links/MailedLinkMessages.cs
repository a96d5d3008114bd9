using ConsentHub.Contracts.Events;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Pages;
using ConsentHub.Hub.Propagation;
using static ConsentHub.Hub.Pages.Html;

namespace ConsentHub.Hub.Links;

/// The mail "send me a link" causes: a preference link marked as mailed, issued at the request's time (so a
/// redelivery composes the same message), to the address the request was made for (a subject's first e-mail).
public sealed class MailedLinkMessages(LinkTokens tokens) : IChangeMessages
{
    public const string Kind = "preference-link";

    public bool MayCare(ChangeHead head) => head.Is<LedgerEvent.PreferenceLinkRequested>();

    public IEnumerable<HubMessage> For(ChangeContext change)
    {
        if (change.Event is not LedgerEvent.PreferenceLinkRequested requested) yield break;
        var tenant = change.Catalog.Definition;
        var lang = requested.Language is { } l && tenant.Languages.Contains(l) ? l : tenant.DefaultLanguage;
        var t = LinkSafetyTexts.For(lang);
        foreach (var email in change.Emails.Take(1))
        {
            var claims = new LinkClaims(LinkKinds.Preferences, change.Tenant, change.SubjectId is null ? email : null, change.SubjectId, null, null, lang,
                change.Stored.RecordedAt, Mailed: true);
            var url = Http.PublicUrls.Link(change.PublicBaseUrl, LinkKinds.Preferences, tokens.Issue(claims));
            var html = ActionMail(lang, t.MailSubject(tenant.Name), url, t.MailButton, t.MailIgnore(tenant.Name));
            yield return new HubMessage("email", email, t.MailSubject(tenant.Name), t.MailText(tenant.Name, url), html, new Dictionary<string, string>(), Kind);
        }
    }
}
