using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Pages;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Links;

public sealed record LinkContext(LinkClaims Claims, string TokenId, TenantCatalog Catalog, Person Person, string Language)
{
    public TenantDefinition Tenant => Catalog.Definition;
    public PageTexts Texts => PageTexts.For(Language);
    public LinkSafetyTexts Safety => LinkSafetyTexts.For(Language);

    /// The hub mailed this link to the person's address moments ago: it may opt in, not only out.
    public bool MailboxProven { get; init; }
}

/// Opening a link token for a page: a tampered or foreign token is 400, an expired one 410, and nothing is recorded.
public static class LinkPages
{
    public static (LinkContext? Context, IResult? Problem) Open(HttpContext http, string token, string kind)
    {
        var services = http.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var read = services.GetRequiredService<LinkTokens>().Read(token, kind, now);
        var claims = read switch { TokenRead.Valid v => v.Claims, TokenRead.Expired e => e.Claims, _ => null };
        var catalog = claims is null ? null : services.GetRequiredService<TenantRegistry>().Find(claims.Tenant)?.Catalog;
        var fits = catalog is not null && Person.Of(claims!) is { } person && (person.Email is not null || person.SubjectId is not null)
            && (claims!.ListId is null || catalog.Newsletter(claims.ListId) is not null)
            && (claims.Purpose is null || catalog.Purpose(claims.Purpose) is { } p && OptOuts.CanStop(p));
        var language = LanguageOf(http.Request, catalog?.Definition, claims?.Language);
        if (!fits) return (null, Error(http, 400, "invalid-link", language, catalog?.Definition, t => (t.LinkInvalidTitle, t.LinkInvalidBody)));
        if (read is TokenRead.Expired) return (null, Error(http, 410, "link-expired", language, catalog!.Definition, t => (t.LinkExpiredTitle, t.LinkExpiredBody)));
        return (new LinkContext(claims!, ((TokenRead.Valid)read).TokenId, catalog!, Person.Of(claims!), language)
            { MailboxProven = LinkTokens.ProvesMailbox(claims!, now) }, null);
    }

    /// `?lang=` where the tenant has it, else the token's language, else Accept-Language, else the tenant's default.
    public static string LanguageOf(HttpRequest request, TenantDefinition? tenant, string? tokenLanguage)
    {
        var supported = tenant?.Languages.ToList() is { Count: > 0 } l ? l : ["fi", "sv", "en"];
        if (request.Query["lang"].ToString() is { Length: > 0 } asked && supported.Contains(asked)) return asked;
        if (tokenLanguage is not null && supported.Contains(tokenLanguage)) return tokenLanguage;
        foreach (var part in request.Headers.AcceptLanguage.ToString().Split(','))
        {
            var lang = part.Split(';')[0].Trim().Split('-')[0].ToLowerInvariant();
            if (supported.Contains(lang)) return lang;
        }
        return tenant?.DefaultLanguage ?? "fi";
    }

    public static IResult Error(HttpContext http, int status, string slug, string language, TenantDefinition? tenant, Func<PageTexts, (string Title, string Body)> text)
    {
        var (title, body) = text(PageTexts.For(language));
        return Html.WantsHtml(http.Request)
            ? Html.Page(http, status, language, tenant, title, $"<div class=\"card\"><p>{Html.E(body)}</p></div>")
            : Problems.Of(status, slug, title, body);
    }

    /// The person's data was erased: the page says so (and that no marketing goes to the address) instead of
    /// "done", since nothing is recorded for an erased person.
    public static IResult Erased(HttpContext http, LinkContext link) =>
        Error(http, 410, "subject-erased", link.Language, link.Tenant, _ => (link.Safety.ErasedTitle, link.Safety.ErasedBody(link.Tenant.Name)));

    /// An address shown back to its owner, partly hidden in case the link was forwarded: `m•••@example.fi`.
    public static string Masked(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 1 ? "•••" + email[at..] : email[0] + "•••" + email[at..];
    }
}
