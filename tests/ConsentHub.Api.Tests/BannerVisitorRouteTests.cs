using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteBannerVisitorRouteTests() : BannerVisitorRouteTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.C)]
public sealed class CosmosBannerVisitorRouteTests(CosmosServer server) : BannerVisitorRouteTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.A)]
public sealed class CosmosServerBannerVisitorRouteTests(CosmosServer server) : BannerVisitorRouteTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// The banner's answer per visitor (`GET …/banner/consents/{visitorId}`), the same cases on every store.
public abstract class BannerVisitorRouteTests() : StoreHubTest("selain")
{
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var http = Hub.Client();
            return await http.SendAsync(request);
        }
    }

    private async Task<JsonElement> ChooseAsync(TenantHandle t, string visitorId, object categories, string? policyVersion = null, bool gpc = false)
    {
        var request = Browser(HttpMethod.Post, $"/api/v1/{t.Id}/banner/consents", t.SiteKey, json: new { visitorId, categories, policyVersion, action = "save" });
        if (gpc) request.Headers.Add("Sec-GPC", "1");
        using var response = await SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task<JsonElement> VisitorAsync(TenantHandle t, string visitorId)
    {
        using var response = await SendAsync(Browser(HttpMethod.Get, $"/api/v1/{t.Id}/banner/consents/{visitorId}", t.SiteKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task A_recorded_choice_is_the_visitors_answer_at_once_until_the_policy_changes()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("selain-a", policyVersion: "2026-01-01"));
        Assert.Equal("no-choice", (await VisitorAsync(t, "visitor-a1")).GetProperty("reason").GetString());

        var receipt = await ChooseAsync(t, "visitor-a1", new { analytics = true, marketing = true }, "2026-01-01", gpc: true);
        var held = await VisitorAsync(t, "visitor-a1");
        Assert.False(held.GetProperty("prompt").GetBoolean());
        Assert.True(held.GetProperty("categories").GetProperty("analytics").GetBoolean());
        Assert.False(held.GetProperty("categories").GetProperty("marketing").GetBoolean());
        Assert.Equal(receipt.GetProperty("receiptId").GetString(), held.GetProperty("receiptId").GetString());
        Assert.Equal("2026-01-01", held.GetProperty("policyVersion").GetString());

        var second = await ChooseAsync(t, "visitor-a1", new { analytics = false, marketing = true }, "2026-01-01");
        var changed = await VisitorAsync(t, "visitor-a1");
        Assert.Equal(second.GetProperty("receiptId").GetString(), changed.GetProperty("receiptId").GetString());
        Assert.False(changed.GetProperty("categories").GetProperty("analytics").GetBoolean());

        await Hub.ReplaceTenantAsync(t.Id, Tenant(t.Id, policyVersion: "2026-06-01"));
        Assert.Equal("policy-changed", (await VisitorAsync(t, "visitor-a1")).GetProperty("reason").GetString());
        Assert.Equal("no-choice", (await VisitorAsync(t, "visitor-a2")).GetProperty("reason").GetString());
    }
}
