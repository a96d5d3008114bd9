using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// The CloudEvents pull feed: a statement made from a subject's own address reads with that address, and paging
/// never shows an empty page before the end, nor an event twice.
public sealed class EventsFeedPagingTests
{
    [Fact]
    public async Task A_one_click_unsubscribe_of_a_subjects_address_shows_in_the_feed_with_the_address()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync(Tenant("feed-linked"));
        (await t.Client.PutAsync("/api/v1/feed-linked/subjects/s1/contact-points", Http.JsonBody("""{"emails":["linkitetty@example.fi"]}"""))).EnsureSuccessStatusCode();
        using var link = await t.Client.PostJsonAsync("/api/v1/feed-linked/unsubscribe-links", new { email = "linkitetty@example.fi", listId = "offers" });
        var url = (await link.JsonAsync()).GetProperty("url").GetString()!;
        using var browser = hub.Client();
        (await browser.PostAsync(new Uri(url), Form(("List-Unsubscribe", "One-Click")))).EnsureSuccessStatusCode();

        var unsubscribed = Assert.Single(await t.Client.CloudEventsAsync("feed-linked"), e => e.GetProperty("type").GetString() == "consenthub.newsletter.unsubscribed.v1");
        Assert.Equal("linkitetty@example.fi", unsubscribed.GetProperty("data").GetProperty("contact").GetString());
    }

    [Fact]
    public async Task Pages_of_one_are_never_empty_before_the_end_and_hold_every_event_once()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync(Tenant("feed-pages"));
        // A tenant's own events, bare contact points' identities and visitor links are not CloudEvents: the pages step over them.
        (await t.Client.PutAsync("/api/v1/feed-pages/subjects/s1/contact-points", Http.JsonBody("""{"emails":["sivu@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/feed-pages/newsletters/offers/subscriptions", new { email = "uusi@example.fi" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/feed-pages/subjects/s1/visitors", new { visitorId = "v-pages-01" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/feed-pages/newsletters/offers/subscriptions", new { email = "toinen@example.fi" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/feed-pages/subjects/s1/objections", new { scope = "direct-marketing" })).EnsureSuccessStatusCode();
        var all = (await t.Client.CloudEventsAsync("feed-pages")).Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.True(all.Count >= 4, string.Join(", ", all));

        var seen = new List<string?>();
        string? after = null;
        for (var page = 0; page <= all.Count; page++)
        {
            var body = await t.Client.GetJsonAsync($"/api/v1/feed-pages/events?limit=1{(after is null ? "" : "&after=" + after)}");
            var events = body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
            after = body.GetProperty("next").GetString();
            if (events.Count == 0) break;
            seen.AddRange(events);
        }
        Assert.Equal(all, seen);
        var end = await t.Client.GetJsonAsync($"/api/v1/feed-pages/events?limit=1&after={after}");
        Assert.Empty(end.GetProperty("events").EnumerateArray());
    }
}
