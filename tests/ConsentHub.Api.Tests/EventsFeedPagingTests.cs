using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteEventsFeedPagingTests() : EventsFeedPagingTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.C)]
public sealed class CosmosEventsFeedPagingTests(CosmosServer server) : EventsFeedPagingTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.B)]
public sealed class CosmosServerEventsFeedPagingTests(CosmosServer server) : EventsFeedPagingTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// The CloudEvents pull feed, the same on every store: a statement made from a subject's own address reads with that
/// address, the feed holds exactly the CloudEvents of what was recorded (no internal events), in each stream's order,
/// and paging never shows an empty page before the end, nor an event twice.
public abstract class EventsFeedPagingTests() : StoreHubTest("feed-paging")
{
    private static string? SubjectOf(JsonElement e) =>
        e.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

    [Fact]
    public async Task A_one_click_unsubscribe_of_a_subjects_address_shows_in_the_feed_with_the_address()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("feed-linked"));
        (await t.Client.PutAsync("/api/v1/feed-linked/subjects/s1/contact-points", Http.JsonBody("""{"emails":["linkitetty@example.fi"]}"""))).EnsureSuccessStatusCode();
        using var link = await t.Client.PostJsonAsync("/api/v1/feed-linked/unsubscribe-links", new { email = "linkitetty@example.fi", listId = "offers" });
        var url = (await link.JsonAsync()).GetProperty("url").GetString()!;
        using var browser = Hub.Client();
        (await browser.PostAsync(new Uri(url), Form(("List-Unsubscribe", "One-Click")))).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject(t.Id, "s1"), Hub.EmailStream(t.Id, "linkitetty@example.fi"));

        var unsubscribed = Assert.Single(await t.Client.CloudEventsAsync("feed-linked"), e => e.GetProperty("type").GetString() == "consenthub.newsletter.unsubscribed.v1");
        Assert.Equal("linkitetty@example.fi", unsubscribed.GetProperty("data").GetProperty("contact").GetString());
    }

    [Fact]
    public async Task A_visitors_cookie_choice_shows_in_the_feed_under_the_subject_it_is_linked_to()
    {
        using var choice = Browser(HttpMethod.Post, $"/api/v1/{Tenant.Id}/banner/consents", Tenant.SiteKey,
            json: new { visitorId = "v-feed-0001", categories = new { analytics = true, marketing = false }, action = "save" });
        using var browser = Hub.Client();
        (await browser.SendAsync(choice)).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync($"/api/v1/{Tenant.Id}/subjects/s1/visitors", new { visitorId = "v-feed-0001" })).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Visitor(Tenant.Id, "v-feed-0001"), StreamId.Subject(Tenant.Id, "s1"));

        var recorded = Assert.Single(await Client.CloudEventsAsync(Tenant.Id));   // the links themselves are not CloudEvents
        Assert.Equal(("consenthub.cookies.recorded.v1", "s1"), (recorded.GetProperty("type").GetString(), SubjectOf(recorded)));
        Assert.Equal("v-feed-0001", recorded.GetProperty("data").GetProperty("visitorId").GetString());
        Assert.True(recorded.GetProperty("data").GetProperty("categories").GetProperty("analytics").GetBoolean());
    }

    [Fact]
    public async Task Pages_of_one_are_never_empty_before_the_end_and_hold_every_event_once_in_its_streams_order()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("feed-pages"));
        // A tenant's own events, bare contact points' identities and visitor links are not CloudEvents: the pages step over them.
        (await t.Client.PutAsync("/api/v1/feed-pages/subjects/s1/contact-points", Http.JsonBody("""{"emails":["sivu@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/feed-pages/newsletters/offers/subscriptions", new { email = "uusi@example.fi" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/feed-pages/subjects/s1/visitors", new { visitorId = "v-pages-01" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/feed-pages/newsletters/offers/subscriptions", new { email = "toinen@example.fi" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/feed-pages/subjects/s1/objections", new { scope = "direct-marketing" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/feed-pages/subjects/s2/objections", new { scope = "profiling" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/feed-pages/subjects/s1/objections", new { scope = "profiling" })).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject(t.Id, "s1"), StreamId.Subject(t.Id, "s2"), StreamId.Visitor(t.Id, "v-pages-01"),
            Hub.EmailStream(t.Id, "uusi@example.fi"), Hub.EmailStream(t.Id, "toinen@example.fi"));

        var all = await t.Client.CloudEventsAsync("feed-pages");
        Assert.Equal(
            ["consenthub.contactpoints.changed.v1 s1", "consenthub.newsletter.subscribed.v1 -", "consenthub.newsletter.subscribed.v1 -",
             "consenthub.objection.recorded.v1 s1", "consenthub.objection.recorded.v1 s1", "consenthub.objection.recorded.v1 s2"],
            all.Select(e => $"{e.GetProperty("type").GetString()} {SubjectOf(e) ?? "-"}").Order(StringComparer.Ordinal));
        foreach (var subject in new[] { "s1", "s2" })   // within a stream, the order of its history
        {
            var ids = all.Where(e => SubjectOf(e) == subject).Select(e => e.GetProperty("id").GetString()).ToList();
            Assert.Equal((await t.Client.HistoryAsync("feed-pages", subject)).Select(e => e.GetProperty("eventId").GetString()).Where(ids.Contains), ids);
        }

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
        Assert.Equal(all.Select(e => e.GetProperty("id").GetString()), seen);
        var end = await t.Client.GetJsonAsync($"/api/v1/feed-pages/events?limit=1&after={after}");
        Assert.Empty(end.GetProperty("events").EnumerateArray());
    }
}
