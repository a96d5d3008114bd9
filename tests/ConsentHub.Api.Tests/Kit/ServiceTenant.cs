using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentHub.Api.Tests.Kit;

/// A tenant whose cookie categories list services (PeopleKit's tenant plus Google Analytics and Matomo under
/// analytics, YouTube and Meta Pixel under marketing), optionally with Consent Mode's basic mode.
public static class ServiceTenant
{
    public static JsonObject Definition(string id, string[]? origins = null, string? consentMode = null)
    {
        var t = JsonSerializer.SerializeToNode(PeopleKit.Tenant(id, name: "Testikauppa Oy", origins: origins))!.AsObject();
        var categories = t["cookieCategories"]!.AsArray();
        categories[1]!["services"] = new JsonArray(
            Service("ga4", "Google Analytics", "Google Ireland Limited", "https://policies.google.com/privacy", "_ga", "_ga_*"),
            Service("matomo", "Matomo", "Testikauppa Oy", null, "_pk_id*"));
        categories[2]!["services"] = new JsonArray(
            Service("youtube", "YouTube", "Google Ireland Limited", "https://policies.google.com/privacy", "VISITOR_INFO1_LIVE"),
            Service("meta-pixel", "Meta Pixel", "Meta Platforms Ireland Limited", "https://www.facebook.com/privacy/policy/", "_fbp"));
        if (consentMode is not null) t["banner"] = new JsonObject { ["consentMode"] = consentMode };
        return t;
    }

    public static JsonObject Service(string id, string name, string? provider, string? privacyUrl, params string[] cookies) => new()
    {
        ["id"] = id, ["name"] = name, ["provider"] = provider, ["privacyUrl"] = privacyUrl,
        ["cookies"] = new JsonArray([.. cookies.Select(c => (JsonNode)c)]),
    };

    public static async Task<TenantHandle> CreateAsync(TestHub hub, string id, string[]? origins = null, string? consentMode = null) =>
        await hub.CreateTenantAsync(Definition(id, origins, consentMode));
}
