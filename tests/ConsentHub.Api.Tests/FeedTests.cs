using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class FeedTests() : HubTest("feed")
{

    [Fact]
    public async Task The_events_feed_gives_every_event_once_across_pages_in_commit_order()
    {
        var writes = Enumerable.Range(0, 25).Select(i => Client.PostJsonAsync($"/api/v1/feed/subjects/f{i % 5}/objections", new { scope = "profiling", source = $"n{i}" }));
        foreach (var response in await Task.WhenAll(writes)) response.EnsureSuccessStatusCode();

        var seen = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 20; page++)
        {
            var body = await Client.GetJsonAsync($"/api/v1/feed/events?limit=4{(cursor is null ? "" : "&after=" + cursor)}");
            var events = body.GetProperty("events").EnumerateArray().ToList();
            Assert.All(events, e =>
            {
                Assert.Equal("1.0", e.GetProperty("specversion").GetString());
                Assert.Equal("/tenants/feed", e.GetProperty("source").GetString());
                Assert.Equal("consenthub.objection.recorded.v1", e.GetProperty("type").GetString());
            });
            seen.AddRange(events.Select(e => e.GetProperty("data").GetProperty("scope").GetString() + "|" + e.GetProperty("id").GetString()));
            cursor = body.GetProperty("next").GetString();
            if (events.Count == 0) break;
        }

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
        var again = await Client.GetJsonAsync($"/api/v1/feed/events?after={cursor}");
        Assert.Empty(again.GetProperty("events").EnumerateArray());
        Assert.Equal(cursor, again.GetProperty("next").GetString());
    }

    [Fact]
    public async Task Suppressions_list_what_is_suppressed_and_then_what_changed_since_the_cursor()
    {
        for (var i = 0; i < 3; i++)
            (await Client.PutAsync($"/api/v1/feed/subjects/sup{i}/contact-points", Http.JsonBody($$"""{"emails":["sup{{i}}@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/feed/subjects/sup0/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/feed/subjects/sup1/objections", new { scope = "direct-marketing", channel = "sms" })).EnsureSuccessStatusCode();

        var full = await Client.GetJsonAsync("/api/v1/feed/suppressions?channel=email&purpose=direct-marketing");
        var items = full.GetProperty("items").EnumerateArray().ToList();
        var only = Assert.Single(items);
        Assert.Equal("sup0@example.fi", only.GetProperty("contact").GetString());
        Assert.True(only.GetProperty("suppressed").GetBoolean());
        Assert.Equal("direct-marketing-prohibited", only.GetProperty("reason").GetString());

        (await Client.PostJsonAsync("/api/v1/feed/subjects/sup0/objections", new { scope = "direct-marketing", channel = "email", lifted = true })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/feed/subjects/sup2/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();

        var changes = await Client.GetJsonAsync($"/api/v1/feed/suppressions?channel=email&purpose=direct-marketing&after={full.GetProperty("next").GetString()}");
        var byContact = changes.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("contact").GetString()!, i => i.GetProperty("suppressed").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["sup0@example.fi"] = false, ["sup2@example.fi"] = true }, byContact);
    }

    [Fact]
    public async Task Suppression_pages_never_skip_a_contact_point_that_shares_an_event_with_others()
    {
        var emails = Enumerable.Range(0, 5).Select(i => $"\"many{i}@example.fi\"");
        (await Client.PutAsync("/api/v1/feed/subjects/many/contact-points", Http.JsonBody($$"""{"emails":[{{string.Join(",", emails)}}]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/feed/subjects/many/objections", new { scope = "direct-marketing" })).EnsureSuccessStatusCode();

        var contacts = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var body = await Client.GetJsonAsync($"/api/v1/feed/suppressions?channel=email&purpose=direct-marketing&limit=2{(cursor is null ? "" : "&after=" + cursor)}");
            var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("contact").GetString()!).ToList();
            contacts.AddRange(items);
            cursor = body.GetProperty("next").GetString();
            if (items.Count == 0) break;
        }
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"many{i}@example.fi").Order(), contacts.Where(c => c.StartsWith("many", StringComparison.Ordinal)).Order());
    }
}
