using ConsentHub.Contracts.Events;

namespace ConsentHub.Domain.Catalog;

/// JSON `null` where a tenant definition needs a value (`"purposes":[null]`, `{"id":null}`, `"texts":{"en":null}`):
/// the records' non-nullable members hold null after deserialising, so these are refused before any other check reads them.
public static class TenantShape
{
    public static void Validate(TenantDefinition t, Errors errors)
    {
        Required(t.Id, "id", errors);
        Required(t.Name, "name", errors);
        Required(t.DefaultLanguage, "defaultLanguage", errors);
        Elements(t.Languages, "languages", errors);
        Elements(t.AllowedOrigins, "allowedOrigins", errors);
        foreach (var (p, i) in Items(t.Purposes, "purposes", errors))
        {
            Required(p.Id, $"purposes[{i}].id", errors);
            Required(p.LegalBasis, $"purposes[{i}].legalBasis", errors);
            Elements(p.Channels, $"purposes[{i}].channels", errors);
            Elements(p.Bans ?? default, $"purposes[{i}].bans", errors);
            Texts(p.Names, $"purposes[{i}].names", errors);
            Texts(p.Descriptions, $"purposes[{i}].descriptions", errors);
        }
        foreach (var (n, i) in Items(t.Newsletters, "newsletters", errors))
        {
            Required(n.Id, $"newsletters[{i}].id", errors);
            Texts(n.Names, $"newsletters[{i}].names", errors);
            Texts(n.Descriptions, $"newsletters[{i}].descriptions", errors);
        }
        foreach (var (c, i) in Items(t.CookieCategories, "cookieCategories", errors))
        {
            Required(c.Id, $"cookieCategories[{i}].id", errors);
            Elements(c.Cookies, $"cookieCategories[{i}].cookies", errors);
            Texts(c.Names, $"cookieCategories[{i}].names", errors);
            Texts(c.Descriptions, $"cookieCategories[{i}].descriptions", errors);
            foreach (var (service, j) in Items(c.Services ?? default, $"cookieCategories[{i}].services", errors))
            {
                Required(service.Id, $"cookieCategories[{i}].services[{j}].id", errors);
                Required(service.Name, $"cookieCategories[{i}].services[{j}].name", errors);
                Elements(service.Cookies, $"cookieCategories[{i}].services[{j}].cookies", errors);
            }
        }
        if (t.Group is { } group) Required(group.Id, "group.id", errors);
        foreach (var (lang, text) in t.Banner?.Texts ?? new Dictionary<string, BannerText>())
            if (text is null) errors.Add($"banner.texts.{lang}", "must be an object with title and body, not null");
    }

    private static void Required(string? value, string field, Errors errors)
    {
        if (value is null) errors.Add(field, "is required and must not be null");
    }

    private static void Elements(IEnumerable<string?> values, string field, Errors errors)
    {
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
            if (value is null) errors.Add($"{field}[{i}]", "must not be null");
    }

    private static void Texts(IReadOnlyDictionary<string, string>? texts, string field, Errors errors)
    {
        foreach (var (lang, text) in texts ?? new Dictionary<string, string>())
            if (text is null) errors.Add($"{field}.{lang}", "must be text, not null");
    }

    /// The non-null elements with their index; each null one is an error.
    private static List<(T Item, int Index)> Items<T>(IEnumerable<T?> items, string field, Errors errors) where T : class
    {
        var present = new List<(T Item, int Index)>();
        foreach (var (item, i) in items.Select((x, i) => (x, i)))
            if (item is null) errors.Add($"{field}[{i}]", "must be an object, not null");
            else present.Add((item, i));
        return present;
    }
}
