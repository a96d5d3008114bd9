using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// After erasure a write to the subject is refused before any key is fetched: no new key for the erased stream,
/// and the old sealed data keeps reading as erased instead of failing every reader.
public sealed class ErasureFinalityTests
{
    [Fact]
    public async Task A_write_after_erasure_answers_410_makes_no_key_and_history_export_and_events_keep_answering()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("final");
        (await t.Client.PutAsync("/api/v1/final/subjects/s1/contact-points", Http.JsonBody("""{"emails":["loppu@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.DeleteAsync("/api/v1/final/subjects/s1")).EnsureSuccessStatusCode();
        Assert.DoesNotContain("subject-s1", StoreRows.WrappedKeys(hub.DataDir, "final").Keys);

        using var again = await t.Client.PutAsync("/api/v1/final/subjects/s1/contact-points", Http.JsonBody("""{"emails":["loppu@example.fi"]}"""));
        var problem = await again.AssertProblemAsync(410);
        Assert.EndsWith("subject-erased", problem.GetProperty("type").GetString(), StringComparison.Ordinal);

        Assert.DoesNotContain("subject-s1", StoreRows.WrappedKeys(hub.DataDir, "final").Keys);
        var history = await t.Client.GetJsonAsync("/api/v1/final/subjects/s1/history");
        Assert.Empty(history.GetProperty("events")[0].GetProperty("data").GetProperty("emails").EnumerateArray());
        await t.Client.GetJsonAsync("/api/v1/final/subjects/s1/export");
        await t.Client.GetJsonAsync("/api/v1/final/events");
    }

    [Fact]
    public async Task An_anonymous_subscription_of_an_erased_address_records_nothing_and_breaks_nothing()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("final-anon");
        (await t.Client.PutAsync("/api/v1/final-anon/subjects/s1/contact-points", Http.JsonBody("""{"emails":["anon@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/final-anon/newsletters/weekly/subscriptions", new { email = "anon@example.fi" })).EnsureSuccessStatusCode();
        (await t.Client.DeleteAsync("/api/v1/final-anon/subjects/s1")).EnsureSuccessStatusCode();
        var keys = StoreRows.WrappedKeys(hub.DataDir, "final-anon").Keys.ToList();
        var events = StoreRows.PeopleEvents(hub.DataDir, "final-anon");

        using var browser = hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/final-anon/newsletters/weekly/subscriptions?k={t.SiteKey}")
        {
            Content = Http.JsonBody("""{"email":"anon@example.fi"}"""),
        };
        request.Headers.Add("Origin", "https://www.example.fi");
        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);   // a browser learns nothing of the erasure

        Assert.Equal(keys, StoreRows.WrappedKeys(hub.DataDir, "final-anon").Keys.ToList());
        Assert.Equal(events, StoreRows.PeopleEvents(hub.DataDir, "final-anon"));
        var feed = await t.Client.GetJsonAsync("/api/v1/final-anon/events");
        Assert.DoesNotContain("anon@example.fi", feed.GetRawText(), StringComparison.Ordinal);
        await (await t.Client.PostJsonAsync("/api/v1/final-anon/newsletters/weekly/subscriptions", new { email = "anon@example.fi" })).AssertProblemAsync(410);
    }
}
