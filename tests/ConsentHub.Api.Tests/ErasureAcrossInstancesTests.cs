using System.Net;
using System.Net.Http.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// Two instances of the hub on one Cosmos DB store, as on Azure: an erasure made on one reaches the other's writes
/// at once (the key store's tombstone) and its reads within ConsentHub:StreamKeys:CacheSeconds (the key cache's TTL).
[Collection(CosmosCollection.B)]
public sealed class ErasureAcrossInstancesTests(CosmosServer server)
{
    [Fact]
    public async Task After_an_erasure_on_one_instance_another_refuses_writes_at_once_and_reads_the_data_as_erased_within_the_cache_bound()
    {
        var database = CosmosServer.NewDatabase();
        var secrets = CosmosHub.NewSecrets();
        var clockB = new TestClock();
        await using var a = await CosmosHub.StartAsync(server, database, secrets);
        await using var b = await TestHub.StartAsync(extra: CosmosHub.Settings(server, database, secrets),
            services: s => s.AddSingleton(server.Http).AddSingleton<TimeProvider>(clockB));
        using var tenant = await a.CreateTenantAsync("jaettu");
        (await tenant.Client.PutAsync("/api/v1/jaettu/subjects/s1/contact-points", Http.JsonBody("""{"emails":["maija@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await tenant.Client.PostJsonAsync("/api/v1/jaettu/subjects/s1/visitors", new { visitorId = "v-2468024680" })).EnsureSuccessStatusCode();
        using var onB = b.Client(tenant.ApiKey);
        using var browserOnB = b.Client();
        // B opens the subject's data and records a banner choice of its browser: both keys are now in B's cache.
        using (var choice = await browserOnB.SendAsync(BannerChoice(tenant.SiteKey)))
            Assert.True(choice.IsSuccessStatusCode, await choice.Content.ReadAsStringAsync());
        var before = await onB.GetJsonAsync("/api/v1/jaettu/subjects/s1/export");
        Assert.Equal("maija@example.fi", before.GetProperty("preferences").GetProperty("contactPoints").GetProperty("emails")[0].GetString());

        using (var erased = await tenant.Client.DeleteAsync("/api/v1/jaettu/subjects/s1"))
            Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);

        // Writes on B are refused at once: the visitor's stream has no erasure event, only the tombstone says so.
        await (await browserOnB.SendAsync(BannerChoice(tenant.SiteKey))).AssertProblemAsync(410);
        await (await onB.PostJsonAsync("/api/v1/jaettu/subjects/s1/consents", new { purpose = "market-research", granted = true })).AssertProblemAsync(410);

        clockB.Offset = TimeSpan.FromSeconds(31);   // past the default CacheSeconds (30)
        var export = await onB.GetJsonAsync("/api/v1/jaettu/subjects/s1/export");
        Assert.Empty(export.GetProperty("preferences").GetProperty("contactPoints").GetProperty("emails").EnumerateArray());
        Assert.DoesNotContain("maija@example.fi", export.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var history = await onB.GetJsonAsync("/api/v1/jaettu/subjects/s1/history");
        Assert.Empty(history.GetProperty("events")[0].GetProperty("data").GetProperty("emails").EnumerateArray());
        Assert.DoesNotContain("maija@example.fi", history.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    private static HttpRequestMessage BannerChoice(string siteKey)
    {
        var choice = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/jaettu/banner/consents?k={siteKey}")
        {
            Content = JsonContent.Create(new { visitorId = "v-2468024680", categories = new { analytics = true, marketing = false }, policyVersion = "2026-01-01" }),
        };
        choice.Headers.Add("Origin", "https://www.example.fi");
        return choice;
    }
}
