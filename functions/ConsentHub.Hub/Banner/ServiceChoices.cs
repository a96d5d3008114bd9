using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Catalog;

namespace ConsentHub.Hub.Banner;

/// Per-service choices inside cookie categories: what a choice may name, what its receipt records, and what the
/// banner is answered on later page loads. A service the choice leaves out follows its category.
public static class ServiceChoices
{
    public static void Validate(TenantDefinition tenant, IReadOnlyDictionary<string, bool>? services, Errors errors)
    {
        if (services is null) return;
        if (services.Count > BannerValidation.MaxServices)
        {
            errors.Add("services", $"must name at most {BannerValidation.MaxServices} services");
            return;
        }
        var known = tenant.CookieCategories.SelectMany(c => c.Services ?? default).Select(x => x.Id).ToHashSet();
        foreach (var id in services.Keys)
            if (!known.Contains(id)) errors.Add($"services.{id}", "is not a service of this tenant's cookie categories");
    }

    /// Every service of the tenant with its state; null for a tenant without services. A required category's services are
    /// always on; Global Privacy Control keeps marketing's off, like the category itself.
    public static EquatableArray<ServiceChoice>? Record(TenantDefinition tenant, IReadOnlyList<CookieChoice> categories,
        IReadOnlyDictionary<string, bool>? asked, bool gpc)
    {
        var services = tenant.CookieCategories.SelectMany(c => (c.Services ?? default).Select(x => new ServiceChoice(x.Id,
            c.Required || (!(gpc && c.Id == BannerConfig.MarketingCategory)
                && (asked is not null && asked.TryGetValue(x.Id, out var allowed) ? allowed : categories.Single(k => k.Category == c.Id).Allowed))))).ToArray();
        return services.Length == 0 ? null : (EquatableArray<ServiceChoice>?)new EquatableArray<ServiceChoice>(services);
    }

    /// The services of the tenant now: as recorded, a service added since following its category; while the hub keeps
    /// marketing off (a linked subject's objection), marketing's services are off too. Null for a tenant without services.
    public static Dictionary<string, bool>? Current(TenantDefinition tenant, EquatableArray<ServiceChoice>? recorded,
        IReadOnlyDictionary<string, bool> categories, bool marketingBlocked)
    {
        var answer = new Dictionary<string, bool>();
        foreach (var c in tenant.CookieCategories)
            foreach (var x in c.Services ?? default)
                answer[x.Id] = c.Required || (!(marketingBlocked && c.Id == BannerConfig.MarketingCategory)
                    && (recorded?.FirstOrDefault(r => r.Service == x.Id) is { } own ? own.Allowed : categories.GetValueOrDefault(c.Id)));
        return answer.Count == 0 ? null : answer;
    }
}
