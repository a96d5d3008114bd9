using System.Net.Http.Json;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class ErasureOfBrowsersTests
{
    private static string CookieEvents(JsonElement feed) => string.Join("\n", feed.GetProperty("events").EnumerateArray()
        .Where(e => e.GetProperty("type").GetString() == "consenthub.cookies.recorded.v1").Select(e => e.GetProperty("data").GetRawText()));

    [Fact]
    public async Task Erasure_also_shreds_the_banner_choices_of_the_persons_linked_browsers()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("forget-v");
        (await t.Client.PutAsync("/api/v1/forget-v/subjects/s1/contact-points", Http.JsonBody("""{"emails":["selain@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/forget-v/subjects/s1/visitors", new { visitorId = "v-1234567890" })).EnsureSuccessStatusCode();
        using var browser = hub.Client();
        using var choice = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/forget-v/banner/consents?k={t.SiteKey}")
        {
            Content = JsonContent.Create(new { visitorId = "v-1234567890", categories = new { analytics = true, marketing = false }, policyVersion = "2026-01-01" }),
        };
        choice.Headers.Add("Origin", "https://www.example.fi");
        choice.Headers.UserAgent.ParseAdd("SalainenSelain/1.0");
        using var recorded = await browser.SendAsync(choice);
        Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());
        Assert.Contains("SalainenSelain", CookieEvents(await t.Client.GetJsonAsync("/api/v1/forget-v/events")), StringComparison.Ordinal);

        (await t.Client.DeleteAsync("/api/v1/forget-v/subjects/s1")).EnsureSuccessStatusCode();

        var after = CookieEvents(await t.Client.GetJsonAsync("/api/v1/forget-v/events"));
        Assert.NotEmpty(after);
        Assert.DoesNotContain("SalainenSelain", after, StringComparison.Ordinal);
    }
}
