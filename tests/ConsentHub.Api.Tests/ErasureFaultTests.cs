using System.Net;
using System.Net.Http.Json;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// Writes to an erased person by every route, then business as usual for another tenant: nothing is recorded for
/// the erased person, no key is made for them, and no reader or background job stumbles on their sealed data.
public sealed class ErasureFaultTests
{
    [Fact]
    public async Task Writes_to_an_erased_subject_by_every_route_record_nothing_and_another_tenants_objection_still_propagates()
    {
        await using var hub = await TestHub.StartAsync();
        using var a = await hub.CreateTenantAsync(Tenant("fault-a"));
        using var browser = hub.Client();
        (await a.Client.PutAsync("/api/v1/fault-a/subjects/s1/contact-points", Http.JsonBody("""{"emails":["pois@example.fi"],"phones":["040 700 0099"]}"""))).EnsureSuccessStatusCode();
        (await a.Client.PostJsonAsync("/api/v1/fault-a/subjects/s1/visitors", new { visitorId = "v-erased-01" })).EnsureSuccessStatusCode();
        (await browser.SendAsync(BannerChoice(a, "v-erased-01"))).EnsureSuccessStatusCode();
        (await a.Client.PostJsonAsync("/api/v1/fault-a/newsletters/offers/subscriptions", new { email = "pois@example.fi" })).EnsureSuccessStatusCode();
        var emailLink = await UnsubscribeLinkAsync(a, new { email = "pois@example.fi", listId = "offers" });
        var subjectLink = await UnsubscribeLinkAsync(a, new { subjectId = "s1", purpose = "direct-marketing" });
        (await a.Client.DeleteAsync("/api/v1/fault-a/subjects/s1")).EnsureSuccessStatusCode();
        var keys = StoreRows.WrappedKeys(hub.DataDir, "fault-a").Keys.Order().ToList();
        var events = StoreRows.PeopleEvents(hub.DataDir, "fault-a");

        await Gone(await a.Client.PutAsync("/api/v1/fault-a/subjects/s1/contact-points", Http.JsonBody("""{"emails":["pois@example.fi"]}""")));
        await Gone(await a.Client.PostJsonAsync("/api/v1/fault-a/subjects/s1/consents", new { purpose = "market-research", granted = true }));
        await Gone(await a.Client.PostJsonAsync("/api/v1/fault-a/subjects/s1/objections", new { scope = "direct-marketing" }));
        await Gone(await a.Client.PostJsonAsync("/api/v1/fault-a/subjects/s1/restriction", new { restricted = true, reason = "kielto" }));
        await Gone(await a.Client.PostJsonAsync("/api/v1/fault-a/subjects/s1/visitors", new { visitorId = "v-erased-02" }));
        await Gone(await a.Client.PostJsonAsync("/api/v1/fault-a/newsletters/weekly/subscriptions", new { email = "pois@example.fi" }));
        await Gone(await browser.SendAsync(BannerChoice(a, "v-erased-01")));
        using (var anonymous = await browser.SendAsync(Subscription(a, "pois@example.fi")))
            Assert.Equal(HttpStatusCode.Accepted, anonymous.StatusCode);   // a browser learns nothing of an erasure
        foreach (var link in new[] { emailLink, subjectLink })
            await Gone(await browser.PostAsync(new Uri(link), Form(("List-Unsubscribe", "One-Click"))));

        Assert.Equal(keys, StoreRows.WrappedKeys(hub.DataDir, "fault-a").Keys.Order().ToList());
        Assert.Equal(events, StoreRows.PeopleEvents(hub.DataDir, "fault-a"));

        using var b = await hub.CreateTenantAsync(Tenant("fault-b"));
        (await b.Client.PutAsync("/api/v1/fault-b/subjects/s2/contact-points", Http.JsonBody("""{"emails":["toinen@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await b.Client.PostJsonAsync("/api/v1/fault-b/subjects/s2/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        var outbox = Path.Combine(hub.DataDir, "outbox", "email.jsonl");
        await Eventually.HoldsAsync(() => Task.FromResult(File.Exists(outbox) ? File.ReadAllText(outbox) : ""),
            text => text.Contains("\"toinen@example.fi\"", StringComparison.Ordinal), what: "the other tenant's objection in the outbox");

        foreach (var (tenant, path) in new[]
        {
            (a, "/api/v1/fault-a/subjects/s1/history"), (a, "/api/v1/fault-a/subjects/s1/export"), (a, "/api/v1/fault-a/events"),
            (a, "/api/v1/fault-a/suppressions?purpose=direct-marketing&channel=email"),
            (b, "/api/v1/fault-b/subjects/s2/history"), (b, "/api/v1/fault-b/subjects/s2/export"), (b, "/api/v1/fault-b/events"),
            (b, "/api/v1/fault-b/suppressions?purpose=direct-marketing&channel=email"),
        })
        {
            using var response = await tenant.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var status = await a.Client.GetJsonAsync("/api/v1/fault-a/propagations?subjectId=s1");
        Assert.DoesNotContain("AuthenticationTag", status.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task Gone(HttpResponseMessage response)
    {
        using (response)
        {
            var problem = await response.AssertProblemAsync(410);
            Assert.EndsWith("subject-erased", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        }
    }

    private static HttpRequestMessage BannerChoice(TenantHandle t, string visitorId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{t.Id}/banner/consents?k={t.SiteKey}")
        {
            Content = JsonContent.Create(new { visitorId, categories = new { analytics = true, marketing = true } }),
        };
        request.Headers.Add("Origin", SiteOrigin);
        return request;
    }

    private static HttpRequestMessage Subscription(TenantHandle t, string email)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{t.Id}/newsletters/weekly/subscriptions?k={t.SiteKey}") { Content = JsonContent.Create(new { email }) };
        request.Headers.Add("Origin", SiteOrigin);
        return request;
    }

    private static async Task<string> UnsubscribeLinkAsync(TenantHandle t, object body)
    {
        using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/unsubscribe-links", body);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("url").GetString()!;
    }
}
