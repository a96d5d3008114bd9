using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqliteFeedTests() : FeedTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.A)]
public sealed class CosmosFeedTests(CosmosServer server) : FeedTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.C)]
public sealed class CosmosServerFeedTests(CosmosServer server) : FeedTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// `GET …/events` with concurrent writers, the same on every store. The guarantee callers get (README, OpenAPI) is each
/// event exactly once across pages, in its stream's order; SQLite's global commit order is more than that, and Cosmos
/// DB has no order across partitions, so no case relies on an order across streams.
public abstract class FeedTests() : StoreHubTest("feed")
{
    [Fact]
    public async Task The_events_feed_gives_every_event_once_across_pages_in_each_streams_order()
    {
        var writes = Enumerable.Range(0, 25).Select(i => Client.PostJsonAsync($"/api/v1/feed/subjects/f{i % 5}/objections", new { scope = "profiling", source = $"n{i}" }));
        foreach (var response in await Task.WhenAll(writes)) response.EnsureSuccessStatusCode();
        var subjects = Enumerable.Range(0, 5).Select(i => $"f{i}").ToList();
        await DeliverAsync([.. subjects.Select(s => StreamId.Subject("feed", s))]);

        var seen = new List<(string? Subject, string? Id)>();
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
                Assert.Equal("profiling", e.GetProperty("data").GetProperty("scope").GetString());
            });
            seen.AddRange(events.Select(e => (e.GetProperty("subject").GetString(), e.GetProperty("id").GetString())));
            cursor = body.GetProperty("next").GetString();
            if (events.Count == 0) break;
        }

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
        foreach (var subject in subjects)   // each stream's events in the order of its history
            Assert.Equal((await Client.HistoryAsync("feed", subject)).Select(e => e.GetProperty("eventId").GetString()), seen.Where(e => e.Subject == subject).Select(e => e.Id));
        var again = await Client.GetJsonAsync($"/api/v1/feed/events?after={cursor}");
        Assert.Empty(again.GetProperty("events").EnumerateArray());
        Assert.Equal(cursor, again.GetProperty("next").GetString());
    }
}
