using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests.Azure;

/// `GET …/events` on Cosmos DB: the CloudEvents that SQLite serves for the same scenario, each exactly once across
/// pages of one, in stream order (no 501).
[Collection(CosmosCollection.Name)]
public sealed class CosmosEventsFeedTests(CosmosServer server)
{
    private static async Task ScenarioAsync(TenantHandle t)
    {
        (await t.Client.PutAsync($"/api/v1/{t.Id}/subjects/s1/contact-points", Http.JsonBody("""{"emails":["syote@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/subjects/s1/visitors", new { visitorId = "v-feed-0001" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/subjects/s2/objections", new { scope = "profiling" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/subjects/s1/objections", new { scope = "profiling" })).EnsureSuccessStatusCode();
    }

    private static string Key(System.Text.Json.JsonElement e) =>
        $"{e.GetProperty("type").GetString()} {(e.TryGetProperty("subject", out var s) ? s.GetString() : "-")}";

    [Fact]
    public async Task The_feed_on_Cosmos_holds_the_SQLite_feeds_CloudEvents_each_once_across_pages_of_one()
    {
        await using var sqlite = await TestHub.StartAsync();
        using var local = await sqlite.CreateTenantAsync(Tenant("syote"));
        await ScenarioAsync(local);
        var expected = await local.Client.CloudEventsAsync("syote");

        await using var hub = await CosmosServerHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets());
        using var t = await hub.CreateTenantAsync(Tenant("syote"));
        await ScenarioAsync(t);
        var all = await Eventually.HoldsAsync(() => t.Client.CloudEventsAsync("syote"), e => e.Count >= expected.Count, what: "the events in the Cosmos feed");

        Assert.Equal(expected.Select(Key).Order(), all.Select(Key).Order());
        foreach (var subject in new[] { "s1", "s2" })   // within a stream, the order of its commits
            Assert.Equal(expected.Where(e => e.GetProperty("subject").ValueKind == System.Text.Json.JsonValueKind.String && e.GetProperty("subject").GetString() == subject).Select(Key),
                all.Where(e => e.GetProperty("subject").ValueKind == System.Text.Json.JsonValueKind.String && e.GetProperty("subject").GetString() == subject).Select(Key));
        var history = await t.Client.HistoryAsync("syote", "s1");
        Assert.Subset(history.Select(e => e.GetProperty("eventId").GetString()).ToHashSet(),
            all.Where(e => e.GetProperty("subject").ValueKind == System.Text.Json.JsonValueKind.String && e.GetProperty("subject").GetString() == "s1").Select(e => e.GetProperty("id").GetString()).ToHashSet());

        var seen = new List<string?>();
        string? after = null;
        for (var page = 0; page <= all.Count; page++)
        {
            var body = await t.Client.GetJsonAsync($"/api/v1/syote/events?limit=1{(after is null ? "" : "&after=" + after)}");
            var events = body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
            after = body.GetProperty("next").GetString();
            if (events.Count == 0) break;
            seen.AddRange(events);
        }
        Assert.Equal(all.Select(e => e.GetProperty("id").GetString()), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}
