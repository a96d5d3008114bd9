using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteBannerRouteTests() : BannerRouteTests
{
    protected override Task<TestHub> StartHubAsync() =>
        TestHub.StartAsync(services: s => s.AddSingleton<TimeProvider>(Clock));

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.A)]
public sealed class CosmosBannerRouteTests(CosmosServer server) : BannerRouteTests
{
    protected override Task<TestHub> StartHubAsync() =>
        CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), s => s.AddSingleton<TimeProvider>(Clock));

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.B)]
public sealed class CosmosServerBannerRouteTests(CosmosServer server) : BannerRouteTests
{
    protected override Task<TestHub> StartHubAsync() =>
        CosmosServerHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), services: s => s.AddSingleton<TimeProvider>(Clock));

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// The banner's routes over HTTP: site key and Origin, CORS, Global Privacy Control, the prompt rules, and a
/// subject's objection reaching a linked visitor; the same cases on every store.
public abstract class BannerRouteTests() : StoreHubTest("banner")
{
    private HttpClient _http = null!;

    /// The hub's clock, which a case moves on to see a choice expire.
    protected TestClock Clock { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _http = Hub.Client();
    }

    public override async Task DisposeAsync()
    {
        _http.Dispose();
        await base.DisposeAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request) return await _http.SendAsync(request);
    }

    private Task<HttpResponseMessage> ChooseAsync(TenantHandle t, string visitorId, object categories, string? policyVersion = null, bool gpcHeader = false)
    {
        var request = Browser(HttpMethod.Post, $"/api/v1/{t.Id}/banner/consents", t.SiteKey, json: new { visitorId, categories, policyVersion, action = "save" });
        request.Headers.UserAgent.ParseAdd("BannerTestAgent/7.1");
        if (gpcHeader) request.Headers.Add("Sec-GPC", "1");
        return SendAsync(request);
    }

    private async Task<JsonElement> VisitorAsync(TenantHandle t, string visitorId)
    {
        using var response = await SendAsync(Browser(HttpMethod.Get, $"/api/v1/{t.Id}/banner/consents/{visitorId}", t.SiteKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Browser_routes_need_the_tenants_site_key_and_an_allowed_origin()
    {
        using var a = await Hub.CreateTenantAsync(Tenant("banner-a"));
        using var b = await Hub.CreateTenantAsync(Tenant("banner-b", origins: ["https://shop.example.com"]));
        var path = $"/api/v1/{a.Id}/banner/config";

        await (await SendAsync(Browser(HttpMethod.Get, path, null))).AssertProblemAsync(401);
        await (await SendAsync(Browser(HttpMethod.Get, path, "pk_wrong"))).AssertProblemAsync(401);
        await (await SendAsync(Browser(HttpMethod.Get, path, b.SiteKey))).AssertProblemAsync(401);
        await (await SendAsync(Browser(HttpMethod.Get, path, a.SiteKey, origin: null))).AssertProblemAsync(403);
        using var foreign = await SendAsync(Browser(HttpMethod.Get, path, a.SiteKey, origin: "https://shop.example.com"));
        await foreign.AssertProblemAsync(403);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));

        var byHeader = Browser(HttpMethod.Get, path, null);
        byHeader.Headers.Add("X-Site-Key", a.SiteKey);
        using var ok = await SendAsync(byHeader);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(SiteOrigin, ok.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task A_preflight_is_answered_for_the_tenants_origins_only()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("banner-cors"));
        async Task<HttpResponseMessage> Preflight(string origin)
        {
            var request = Browser(HttpMethod.Options, $"/api/v1/{t.Id}/banner/consents", t.SiteKey, origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return await SendAsync(request);
        }

        using var allowed = await Preflight(SiteOrigin);
        Assert.True(allowed.IsSuccessStatusCode);
        Assert.Equal(SiteOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        using var other = await Preflight("https://evil.example");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_config_speaks_the_pages_language_falls_back_to_the_default_and_revalidates_by_etag()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("banner-lang", name: "Kauppa Oy"));
        using var sv = await SendAsync(Browser(HttpMethod.Get, $"/api/v1/{t.Id}/banner/config?lang=sv-FI", t.SiteKey));
        var config = await sv.JsonAsync();
        Assert.Equal("sv", config.GetProperty("language").GetString());
        Assert.Equal("Godkänn alla", config.GetProperty("texts").GetProperty("acceptAll").GetString());
        Assert.Equal("Neka alla", config.GetProperty("texts").GetProperty("rejectAll").GetString());
        Assert.Equal("analytics", config.GetProperty("consentMode").GetProperty("analytics_storage").GetString());
        Assert.Equal(7, config.GetProperty("consentMode").EnumerateObject().Count());

        var de = await (await SendAsync(Browser(HttpMethod.Get, $"/api/v1/{t.Id}/banner/config?lang=de", t.SiteKey))).JsonAsync();
        Assert.Equal("fi", de.GetProperty("language").GetString());
        Assert.Equal("Hylkää kaikki", de.GetProperty("texts").GetProperty("rejectAll").GetString());

        var again = Browser(HttpMethod.Get, $"/api/v1/{t.Id}/banner/config?lang=sv-FI", t.SiteKey);
        again.Headers.TryAddWithoutValidation("If-None-Match", sv.Headers.ETag!.ToString());
        using var notModified = await SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Sec_GPC_records_marketing_refused_whatever_the_body_says_and_the_receipt_reaches_crms()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("banner-gpc"));
        using var response = await ChooseAsync(t, "visitor-gpc-1", new { analytics = true, marketing = true }, gpcHeader: true);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        Assert.False(receipt.GetProperty("categories").GetProperty("marketing").GetBoolean());
        Assert.True(receipt.GetProperty("categories").GetProperty("analytics").GetBoolean());
        Assert.True(receipt.GetProperty("categories").GetProperty("necessary").GetBoolean());
        Assert.True(receipt.GetProperty("gpc").GetBoolean());

        var visitor = await VisitorAsync(t, "visitor-gpc-1");
        Assert.False(visitor.GetProperty("categories").GetProperty("marketing").GetBoolean());
        await DeliverAsync(StreamId.Visitor(t.Id, "visitor-gpc-1"));
        var cloudEvent = (await t.Client.CloudEventsAsync(t.Id)).Single(e => e.GetProperty("type").GetString() == "consenthub.cookies.recorded.v1");
        Assert.Equal(receipt.GetProperty("receiptId").GetString(), cloudEvent.GetProperty("id").GetString());
        Assert.True(cloudEvent.GetProperty("data").GetProperty("gpc").GetBoolean());
        Assert.Equal("BannerTestAgent/7.1", cloudEvent.GetProperty("data").GetProperty("evidence").GetProperty("userAgent").GetString());
        // Evidence is sealed in the store: the user agent is nowhere in clear on disk or in the database.
        Assert.False(await StoreContents.ContainsAsync(Hub, "BannerTestAgent/7.1"));
        Assert.True(await StoreContents.ContainsAsync(Hub, "visitor-gpc-1"));   // what is kept in clear is found: the search sees the store
    }

    [Fact]
    public async Task A_choice_is_asked_again_after_a_new_policy_version_and_after_twelve_months()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("banner-prompt", policyVersion: "2026-01-01"));
        Assert.Equal("no-choice", (await VisitorAsync(t, "visitor-p1")).GetProperty("reason").GetString());

        (await ChooseAsync(t, "visitor-p1", new { analytics = true, marketing = true }, "2026-01-01")).Dispose();
        (await ChooseAsync(t, "visitor-p2", new { analytics = false }, "2026-01-01")).Dispose();
        var held = await VisitorAsync(t, "visitor-p1");
        Assert.False(held.GetProperty("prompt").GetBoolean());
        Assert.True(held.GetProperty("categories").GetProperty("marketing").GetBoolean());

        await Hub.ReplaceTenantAsync(t.Id, Tenant(t.Id, policyVersion: "2026-06-01"));
        var asked = await VisitorAsync(t, "visitor-p1");
        Assert.True(asked.GetProperty("prompt").GetBoolean());
        Assert.Equal("policy-changed", asked.GetProperty("reason").GetString());

        (await ChooseAsync(t, "visitor-p1", new { analytics = true }, "2026-06-01")).Dispose();
        Assert.False((await VisitorAsync(t, "visitor-p1")).GetProperty("prompt").GetBoolean());
        Clock.Offset = TimeSpan.FromDays(366);
        var old = await VisitorAsync(t, "visitor-p1");
        Assert.True(old.GetProperty("prompt").GetBoolean());
        Assert.Equal("expired", old.GetProperty("reason").GetString());
        Clock.Offset = TimeSpan.Zero;
    }

    [Fact]
    public async Task A_linked_subjects_direct_marketing_objection_turns_the_visitors_marketing_off()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("banner-link"));
        (await ChooseAsync(t, "visitor-l1", new { analytics = true, marketing = true })).Dispose();
        using (var link = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/subjects/crm-77/visitors", new { visitorId = "visitor-l1" }))
            Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        Assert.True((await VisitorAsync(t, "visitor-l1")).GetProperty("categories").GetProperty("marketing").GetBoolean());

        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/subjects/crm-77/objections", new { scope = "direct-marketing", channel = "email" })).Dispose();
        await DeliverAsync(StreamId.Subject(t.Id, "crm-77"), StreamId.Visitor(t.Id, "visitor-l1"));
        // On Cosmos DB the subject's view is cached for two seconds per instance (README): the answer turns within that.
        var after = await Eventually.HoldsAsync(() => VisitorAsync(t, "visitor-l1"),
            body => !body.GetProperty("categories").GetProperty("marketing").GetBoolean(), what: "marketing turned off");
        Assert.True(after.GetProperty("categories").GetProperty("analytics").GetBoolean());

        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/subjects/crm-77/objections", new { scope = "direct-marketing", channel = "email", lifted = true })).Dispose();
        await DeliverAsync(StreamId.Subject(t.Id, "crm-77"), StreamId.Visitor(t.Id, "visitor-l1"));
        await Eventually.HoldsAsync(() => VisitorAsync(t, "visitor-l1"),
            body => body.GetProperty("categories").GetProperty("marketing").GetBoolean(), what: "marketing turned on again");
    }

    [Fact]
    public async Task Bad_choices_are_problems_and_an_idempotent_retry_returns_the_same_receipt()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("banner-bad"));
        var before = await Hub.EventCountAsync(t.Id);
        await (await SendAsync(Browser(HttpMethod.Post, $"/api/v1/{t.Id}/banner/consents", t.SiteKey, json: new { visitorId = "Not Valid!" }))).AssertProblemAsync(400);
        var unknown = await (await SendAsync(Browser(HttpMethod.Post, $"/api/v1/{t.Id}/banner/consents", t.SiteKey,
            json: new { visitorId = "v1", categories = new { cookies_of_doom = true } }))).AssertProblemAsync(400);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("categories.cookies_of_doom", out _));
        Assert.Equal(before, await Hub.EventCountAsync(t.Id));

        async Task<string> Once()
        {
            var request = Browser(HttpMethod.Post, $"/api/v1/{t.Id}/banner/consents", t.SiteKey, json: new { visitorId = "v2", categories = new { analytics = true } });
            request.Headers.Add("Idempotency-Key", "choice-1");
            using var response = await SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.JsonAsync()).GetProperty("receiptId").GetString()!;
        }
        Assert.Equal(await Once(), await Once());
        Assert.Equal(before + 1, await Hub.EventCountAsync(t.Id));
    }
}
