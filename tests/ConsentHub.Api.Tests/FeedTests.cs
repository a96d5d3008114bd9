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
}
