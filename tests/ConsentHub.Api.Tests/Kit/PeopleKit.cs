using System.Net.Http.Json;
using System.Text.Json;

namespace ConsentHub.Api.Tests.Kit;

/// A clock the tests move: the system's time plus an offset.
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// Tenants for the banner, newsletter and link tests, and reads of what the hub recorded.
public static class PeopleKit
{
    public const string SiteOrigin = "https://www.example.fi";

    public static object Tenant(string id, string name = "Testi Oy", string policyVersion = "2026-01-01", string[]? origins = null) => new
    {
        id,
        name,
        businessId = "2715049-8",
        languages = new[] { "fi", "sv", "en" },
        defaultLanguage = "fi",
        policyVersion,
        purposes = new object[]
        {
            new { id = "direct-marketing", legalBasis = "legitimate-interest", channels = new[] { "email", "sms" },
                names = new { fi = "Suoramarkkinointi", sv = "Direktmarknadsföring", en = "Direct marketing" },
                descriptions = new { fi = "Tarjoukset sähköpostilla.", sv = "Erbjudanden per e-post.", en = "Offers by e-mail." } },
            new { id = "market-research", legalBasis = "consent", channels = new[] { "email", "phone" }, marketing = true,
                names = new { fi = "Markkinatutkimus", en = "Market research" }, descriptions = new { fi = "Asiakaskyselyt <b>joskus</b>.", en = "Surveys <b>sometimes</b>." } },
            new { id = "service-notices", legalBasis = "contract", channels = new[] { "email", "sms" } },
        },
        newsletters = new object[]
        {
            new { id = "weekly", doubleOptIn = true, names = new { fi = "Viikkokirje", sv = "Veckobrev", en = "Weekly letter" } },
            new { id = "offers", doubleOptIn = false, names = new { fi = "Tarjoukset", sv = "Erbjudanden", en = "Offers" } },
        },
        cookieCategories = new object[]
        {
            new { id = "necessary", required = true },
            new { id = "analytics", cookies = new[] { "_ga", "_ga_*" } },
            new { id = "marketing", cookies = new[] { "_fbp" } },
        },
        allowedOrigins = origins ?? [SiteOrigin],
    };

    public static async Task<TenantHandle> CreateTenantAsync(this TestHub hub, object definition)
    {
        using var op = hub.Operator();
        var response = await op.PostAsJsonAsync("/api/v1/admin/tenants", definition);
        var body = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var apiKey = body.GetProperty("apiKey").GetString()!;
        return new TenantHandle(body.GetProperty("tenant").GetProperty("id").GetString()!, apiKey, body.GetProperty("siteKey").GetString()!, hub.Client(apiKey));
    }

    public static async Task ReplaceTenantAsync(this TestHub hub, string id, object definition)
    {
        using var op = hub.Operator();
        using var response = await op.PutAsJsonAsync($"/api/v1/admin/tenants/{id}", definition);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// A browser request: the tenant's site key and an Origin.
    public static HttpRequestMessage Browser(HttpMethod method, string path, string? siteKey, string? origin = SiteOrigin, object? json = null)
    {
        var request = new HttpRequestMessage(method, siteKey is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}k={siteKey}");
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (json is not null) request.Content = JsonContent.Create(json);
        return request;
    }

    /// How many events the store holds for a tenant (to show that a refused request recorded nothing).
    public static Task<int> EventCountAsync(this TestHub hub, string tenant) => StoreContents.EventCountAsync(hub, tenant);

    public static async Task<List<JsonElement>> HistoryAsync(this HttpClient client, string tenant, string subjectId) =>
        [.. (await client.GetJsonAsync($"/api/v1/{tenant}/subjects/{subjectId}/history")).GetProperty("events").EnumerateArray()];

    public static async Task<List<JsonElement>> CloudEventsAsync(this HttpClient client, string tenant) =>
        [.. (await client.GetJsonAsync($"/api/v1/{tenant}/events?limit=1000")).GetProperty("events").EnumerateArray()];

    /// A form post as a browser or a mail provider sends it.
    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
}
