using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// A tenant's cookie services and its Consent Mode setting are checked where the definition is written (bad: 400
/// naming the field), and the banner's config carries both.
public sealed class BannerServiceValidationTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<JsonElement> RefusedAsync(JsonObject definition)
    {
        using var op = _hub.Operator();
        using var response = await op.PostAsJsonAsync("/api/v1/admin/tenants", definition);
        return (await response.AssertProblemAsync(400)).GetProperty("errors");
    }

    private static JsonArray Services(JsonObject t, int category) => t["cookieCategories"]![category]!["services"]!.AsArray();

    [Fact]
    public async Task A_service_id_used_twice_in_the_tenant_is_refused_naming_the_second()
    {
        var t = ServiceTenant.Definition("svc-dup");
        Services(t, 2).Add(ServiceTenant.Service("ga4", "Another", null, null));
        var errors = await RefusedAsync(t);
        Assert.Contains("duplicate", errors.GetProperty("cookieCategories[2].services[2].id")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_service_members_are_refused_each_by_its_field()
    {
        var t = ServiceTenant.Definition("svc-bad");
        Services(t, 1)[0]!["privacyUrl"] = "javascript:alert(1)";
        Services(t, 1)[1]!["name"] = new string('x', 101);
        Services(t, 2)[0]!["id"] = "You Tube";
        Services(t, 2)[1]!["cookies"] = new JsonArray("bad cookie;");
        Services(t, 2).Add(null);
        var errors = await RefusedAsync(t);
        Assert.True(errors.TryGetProperty("cookieCategories[2].services[2]", out _), errors.ToString());   // null is refused before the rest

        Services(t, 2).RemoveAt(2);
        errors = await RefusedAsync(t);
        foreach (var field in new[] { "cookieCategories[1].services[0].privacyUrl", "cookieCategories[1].services[1].name",
            "cookieCategories[2].services[0].id", "cookieCategories[2].services[1].cookies[0]" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} missing in {errors}");
    }

    [Fact]
    public async Task More_than_fifty_services_in_a_category_are_refused()
    {
        var t = ServiceTenant.Definition("svc-many");
        for (var i = 0; i < 49; i++) Services(t, 1).Add(ServiceTenant.Service($"s{i}", $"Service {i}", null, null));
        var errors = await RefusedAsync(t);
        Assert.Contains("at most 50", errors.GetProperty("cookieCategories[1].services")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consent_mode_must_be_advanced_or_basic()
    {
        var t = ServiceTenant.Definition("svc-mode", consentMode: "medium");
        var errors = await RefusedAsync(t);
        Assert.True(errors.TryGetProperty("banner.consentMode", out _), errors.ToString());
    }

    [Fact]
    public async Task The_config_lists_each_categorys_services_and_the_consent_mode_advanced_by_default()
    {
        using var advanced = await ServiceTenant.CreateAsync(_hub, "svc-adv");
        using var basic = await ServiceTenant.CreateAsync(_hub, "svc-basic", consentMode: "basic");
        using var client = _hub.Client();
        using var a = await client.SendAsync(Browser(HttpMethod.Get, "/api/v1/svc-adv/banner/config?lang=en", advanced.SiteKey));
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        var config = await a.JsonAsync();
        Assert.Equal("advanced", config.GetProperty("consentModeImplementation").GetString());
        var marketing = config.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "marketing");
        var youtube = marketing.GetProperty("services")[0];
        Assert.Equal("youtube", youtube.GetProperty("id").GetString());
        Assert.Equal("YouTube", youtube.GetProperty("name").GetString());
        Assert.Equal("Google Ireland Limited", youtube.GetProperty("provider").GetString());
        Assert.Equal("https://policies.google.com/privacy", youtube.GetProperty("privacyUrl").GetString());
        Assert.Equal(["VISITOR_INFO1_LIVE"], youtube.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("This content is from {service}, which sets {category} cookies. Load it?", config.GetProperty("texts").GetProperty("embed").GetString());

        using var b = await client.SendAsync(Browser(HttpMethod.Get, "/api/v1/svc-basic/banner/config?lang=sv", basic.SiteKey));
        var basicConfig = await b.JsonAsync();
        Assert.Equal("basic", basicConfig.GetProperty("consentModeImplementation").GetString());
        Assert.Contains("{service}", basicConfig.GetProperty("texts").GetProperty("embed").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Det här innehållet", basicConfig.GetProperty("texts").GetProperty("embed").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fi", "seuraavasta sivun latauksesta")]
    [InlineData("sv", "nästa gång en sida laddas")]
    [InlineData("en", "next page load")]
    public async Task The_settings_layer_says_a_withdrawal_takes_effect_from_the_next_page_load(string lang, string words)
    {
        using var t = await ServiceTenant.CreateAsync(_hub, "svc-later-" + lang);
        using var client = _hub.Client();
        using var response = await client.SendAsync(Browser(HttpMethod.Get, $"/api/v1/{t.Id}/banner/config?lang={lang}", t.SiteKey));
        var config = await response.JsonAsync();
        Assert.Equal(lang, config.GetProperty("language").GetString());
        Assert.Contains(words, config.GetProperty("texts").GetProperty("later").GetString(), StringComparison.Ordinal);
    }
}
