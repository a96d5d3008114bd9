using System.Text.RegularExpressions;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Banner;

/// Checks a tenant's banner settings and cookie lists (part of the tenant definition's validation).
public static partial class BannerValidation
{
    [GeneratedRegex(@"^\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\z")]
    private static partial Regex Domain();

    // Cookie names as RFC 6265 tokens, with an optional trailing `*` for a prefix (e.g. `_ga_*`).
    [GeneratedRegex(@"^[!#$%&'+\-.^_`|~0-9A-Za-z]{1,128}\*?\z")]
    private static partial Regex CookieName();

    public static void Validate(TenantDefinition t, Errors errors)
    {
        foreach (var (category, i) in t.CookieCategories.Select((c, i) => (c, i)))
            foreach (var (cookie, j) in category.Cookies.Select((c, j) => (c, j)))
                if (!CookieName().IsMatch(cookie)) errors.Add($"cookieCategories[{i}].cookies[{j}]", "must be a cookie name, optionally ending in * for a prefix");
        if (t.Banner is not { } banner) return;
        if (banner.PrivacyPolicyUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            errors.Add("banner.privacyPolicyUrl", "must be an absolute http or https URL");
        if (banner.CookieDomain is { } domain && !Domain().IsMatch(domain)) errors.Add("banner.cookieDomain", "must be a domain name such as example.fi");
        foreach (var (lang, text) in banner.Texts ?? new Dictionary<string, BannerText>())
        {
            if (!Languages.Supported.Contains(lang)) errors.Add($"banner.texts.{lang}", "must be fi, sv or en");
            errors.Add($"banner.texts.{lang}.title", Ids.TextProblem(text.Title, 200));
            errors.Add($"banner.texts.{lang}.body", Ids.TextProblem(text.Body, 2000));
        }
    }
}
