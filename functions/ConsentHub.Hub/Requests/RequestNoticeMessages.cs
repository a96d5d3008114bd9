using ConsentHub.Contracts.Events;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Pages;

namespace ConsentHub.Hub.Requests;

/// The mail that tells a person of a change to their request, one per current e-mail address of the subject, in the
/// request's language where the tenant has it, else the tenant's default.
public static class RequestNoticeMessages
{
    public const string Kind = "request-notice";

    public static IEnumerable<HubMessage> For(TenantDefinition tenant, string requestId, RequestNotice notice)
    {
        var language = notice.Case.Language is { } l && tenant.Languages.Contains(l) ? l : tenant.DefaultLanguage;
        var t = RequestTexts.For(language);
        var (type, name, received) = (t.TypeName(notice.Case.Type), tenant.Name, RequestTexts.Date(notice.Case.ReceivedAt, language));
        var reason = notice.Reason ?? "–";
        (string Subject, string Text)? mail = notice.Change switch
        {
            RequestEvent.Extended => (t.ExtendedSubject(name), t.ExtendedText(type, name, received, RequestTexts.Date(notice.DueAt, language), reason)),
            RequestEvent.Completed => (t.CompletedSubject(name), t.CompletedText(type, name, received)),
            RequestEvent.Rejected => (t.RejectedSubject(name), t.RejectedText(type, name, received, reason)),
            _ => null,
        };
        if (mail is not { } m) yield break;
        var text = m.Text + "\n" + t.RequestNumber(requestId) + "\n";
        var html = $"<!doctype html><html lang=\"{Html.E(language)}\"><body style=\"font-family:sans-serif;line-height:1.5\">" +
            string.Concat(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p>{Html.E(p.Trim())}</p>")) + "</body></html>";
        foreach (var to in notice.Emails)
            yield return new HubMessage("email", to, m.Subject, text, html, new Dictionary<string, string>(), Kind);
    }
}
