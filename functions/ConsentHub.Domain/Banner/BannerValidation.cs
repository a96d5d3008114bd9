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

    /// Services per category and in all: each one is a switch in the banner and a member of every receipt.
    public const int MaxServicesPerCategory = 50, MaxServices = 100, MaxCookiesPerService = 50;

    public static void Validate(TenantDefinition t, Errors errors)
    {
        foreach (var (category, i) in t.CookieCategories.Select((c, i) => (c, i)))
            Cookies(category.Cookies, $"cookieCategories[{i}].cookies", errors);
        ValidateServices(t, errors);
        if (t.Banner is not { } banner) return;
        if (banner.ConsentMode is not (null or "advanced" or "basic")) errors.Add("banner.consentMode", "must be advanced or basic");
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

    // Service ids are unique in the whole tenant: a page's data-consenthub-service and a choice's services name one without its category.
    private static void ValidateServices(TenantDefinition t, Errors errors)
    {
        var seen = new HashSet<string>();
        var total = 0;
        foreach (var (category, i) in t.CookieCategories.Select((c, i) => (c, i)))
        {
            var field = $"cookieCategories[{i}].services";
            if ((category.Services ?? default).Count > MaxServicesPerCategory) errors.Add(field, $"must list at most {MaxServicesPerCategory} services");
            if ((total += (category.Services ?? default).Count) > MaxServices && total - (category.Services ?? default).Count <= MaxServices)
                errors.Add(field, $"the tenant's categories must list at most {MaxServices} services in all");
            foreach (var (service, j) in (category.Services ?? default).Select((s, j) => (s, j)))
            {
                var at = $"{field}[{j}]";
                errors.Add($"{at}.id", Ids.Problem(service.Id));
                if (!seen.Add(service.Id)) errors.Add($"{at}.id", "is a duplicate (service ids are unique in the tenant)");
                if (string.IsNullOrWhiteSpace(service.Name)) errors.Add($"{at}.name", "is required");
                errors.Add($"{at}.name", Ids.TextProblem(service.Name, 100));
                errors.Add($"{at}.provider", Ids.TextProblem(service.Provider, 200));
                if (service.PrivacyUrl is { } url && (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
                    errors.Add($"{at}.privacyUrl", "must be an absolute http or https URL of at most 2000 characters");
                if (service.Cookies.Count > MaxCookiesPerService) errors.Add($"{at}.cookies", $"must list at most {MaxCookiesPerService} cookies");
                Cookies(service.Cookies, $"{at}.cookies", errors);
            }
        }
    }

    private static void Cookies(IEnumerable<string> cookies, string field, Errors errors)
    {
        foreach (var (cookie, j) in cookies.Select((c, j) => (c, j)))
            if (!CookieName().IsMatch(cookie)) errors.Add($"{field}[{j}]", "must be a cookie name, optionally ending in * for a prefix");
    }
}
