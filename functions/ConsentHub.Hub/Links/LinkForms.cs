using ConsentHub.Hub.Http;

namespace ConsentHub.Hub.Links;

/// Form posts to the link pages (`/u/`, `/p/`): accepted from the hub's own pages (a browser names them in `Origin`)
/// or without an `Origin` (a mail provider's RFC 8058 one-click), refused from any other origin before anything is
/// read or recorded, so another site cannot make a visitor's browser state choices with a link it got hold of.
public static class LinkForms
{
    public static IResult? RefuseForeign(HttpContext http, LinkContext link)
    {
        var origin = http.Request.Headers.Origin;
        if (origin.Count == 0) return null;
        var own = http.RequestServices.GetRequiredService<PublicUrls>().OriginOf(http.Request);
        if (origin.Count == 1 && string.Equals(origin[0], own, StringComparison.OrdinalIgnoreCase)) return null;
        return LinkPages.Error(http, 403, "cross-origin-form", link.Language, link.Tenant, _ => (link.Safety.FormRefusedTitle, link.Safety.FormRefusedBody));
    }

    /// The posted form, or null without a form body; a body that claims to be a form but is not one is 400.
    public static async Task<(IFormCollection? Form, IResult? Problem)> ReadAsync(HttpContext http, LinkContext link, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType) return (null, null);
        try
        {
            return (await http.Request.ReadFormAsync(ct), null);
        }
        catch (Exception ex) when (ex is InvalidDataException || (ex is IOException && ex is not BadHttpRequestException))
        {
            return (null, LinkPages.Error(http, 400, "invalid-form", link.Language, link.Tenant, _ => (link.Safety.FormBrokenTitle, link.Safety.FormBrokenBody)));
        }
    }

    /// A form post to a preference link, up to the person: the link opened, a foreign origin refused, the form read,
    /// and an erased person answered 410, in that order (nothing is read or recorded for a refused post).
    public static async Task<(LinkContext? Link, IFormCollection? Form, IResult? Problem)> OpenPreferencesPostAsync(HttpContext http, string token,
        PersonWrites people, CancellationToken ct)
    {
        var (link, problem) = LinkPages.Open(http, token, LinkKinds.Preferences);
        if (problem is not null) return (null, null, problem);
        if (RefuseForeign(http, link!) is { } foreign) return (null, null, foreign);
        var (form, formProblem) = await ReadAsync(http, link!, ct);
        if (formProblem is not null) return (null, null, formProblem);
        if (await people.ErasedAsync(link!.Person, ct)) return (null, null, LinkPages.Erased(http, link));
        return (link, form, null);
    }
}
