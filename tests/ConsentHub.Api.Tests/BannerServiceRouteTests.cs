using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteBannerServiceRouteTests() : BannerServiceRouteTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;
}

/// The Functions app on Cosmos DB.
[Collection(CosmosCollection.B)]
public sealed class CosmosBannerServiceRouteTests(CosmosServer server) : BannerServiceRouteTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// The self-hosted server on Cosmos DB, reading the change feed itself.
[Collection(CosmosCollection.C)]
public sealed class CosmosServerBannerServiceRouteTests(CosmosServer server) : BannerServiceRouteTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// Per-service choices over HTTP: a choice may name services of the tenant's categories (others are 400), the receipt
/// records every service (one left out follows its category), the next page load is answered with them, and the
/// person's export shows them; on every store.
public abstract class BannerServiceRouteTests() : StoreHubTest("palvelut")
{
    private const string Visitor = "v-palvelut-0001";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Hub.ReplaceTenantAsync("palvelut", ServiceTenant.Definition("palvelut"));
    }

    private async Task<HttpResponseMessage> ChooseAsync(object body, bool gpcHeader = false)
    {
        using var client = Hub.Client();
        using var request = Browser(HttpMethod.Post, "/api/v1/palvelut/banner/consents", Tenant.SiteKey, json: body);
        if (gpcHeader) request.Headers.Add("Sec-GPC", "1");
        return await client.SendAsync(request);
    }

    private static Dictionary<string, bool> Map(JsonElement e) => e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetBoolean());

    [Fact]
    public async Task A_choice_naming_an_unknown_service_or_too_many_is_refused_and_records_nothing()
    {
        var before = await Hub.EventCountAsync("palvelut");
        using var unknown = await ChooseAsync(new { visitorId = Visitor, categories = new { analytics = true }, services = new Dictionary<string, bool> { ["ga4"] = true, ["hotjar"] = true } });
        var errors = (await unknown.AssertProblemAsync(400)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("services.hotjar", out _), errors.ToString());
        Assert.False(errors.TryGetProperty("services.ga4", out _));

        using var many = await ChooseAsync(new { visitorId = Visitor, services = Enumerable.Range(0, 101).ToDictionary(i => $"s{i}", _ => true) });
        Assert.True((await many.AssertProblemAsync(400)).GetProperty("errors").TryGetProperty("services", out _));
        Assert.Equal(before, await Hub.EventCountAsync("palvelut"));
    }

    [Fact]
    public async Task The_receipt_records_every_service_and_the_next_page_load_gets_them_back()
    {
        // Only YouTube of marketing, and analytics whole except Matomo.
        using var response = await ChooseAsync(new
        {
            visitorId = Visitor, categories = new { analytics = true, marketing = false }, action = "save", policyVersion = "2026-01-01",
            services = new Dictionary<string, bool> { ["youtube"] = true, ["matomo"] = false },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.JsonAsync();
        var expected = new Dictionary<string, bool> { ["ga4"] = true, ["matomo"] = false, ["youtube"] = true, ["meta-pixel"] = false };
        Assert.Equal(expected, Map(receipt.GetProperty("services")));
        Assert.False(receipt.GetProperty("categories").GetProperty("marketing").GetBoolean());

        using var client = Hub.Client();
        using var again = await client.SendAsync(Browser(HttpMethod.Get, $"/api/v1/palvelut/banner/consents/{Visitor}", Tenant.SiteKey));
        var state = await again.JsonAsync();
        Assert.False(state.GetProperty("prompt").GetBoolean());
        Assert.Equal(expected, Map(state.GetProperty("services")));
        Assert.Equal(receipt.GetProperty("receiptId").GetString(), state.GetProperty("receiptId").GetString());
    }

    [Fact]
    public async Task Global_Privacy_Control_keeps_marketing_services_off_whatever_the_body_says()
    {
        using var response = await ChooseAsync(new
        {
            visitorId = Visitor, categories = new { analytics = true, marketing = true }, action = "accept-all",
            services = new Dictionary<string, bool> { ["youtube"] = true },
        }, gpcHeader: true);
        var services = Map((await response.JsonAsync()).GetProperty("services"));
        Assert.Equal(new Dictionary<string, bool> { ["ga4"] = true, ["matomo"] = true, ["youtube"] = false, ["meta-pixel"] = false }, services);
    }

    [Fact]
    public async Task A_linked_persons_export_shows_the_services_of_each_receipt()
    {
        (await Client.PostJsonAsync("/api/v1/palvelut/subjects/s1/visitors", new { visitorId = Visitor })).EnsureSuccessStatusCode();
        using var response = await ChooseAsync(new
        {
            visitorId = Visitor, categories = new { analytics = false, marketing = false }, action = "embed",
            services = new Dictionary<string, bool> { ["youtube"] = true },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await DeliverAsync(StreamId.Subject("palvelut", "s1"));
        var export = await Client.GetJsonAsync("/api/v1/palvelut/subjects/s1/export");
        Schemas.AssertValid("consenthub.subject-export.v1.schema.json", export);
        var receipt = Assert.Single(export.GetProperty("bannerReceipts").EnumerateArray());
        Assert.Equal("embed", receipt.GetProperty("action").GetString());
        Assert.Equal(new Dictionary<string, bool> { ["ga4"] = false, ["matomo"] = false, ["youtube"] = true, ["meta-pixel"] = false },
            Map(receipt.GetProperty("services")));
    }
}
