using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqliteErasureTests() : ErasureTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.A)]
public sealed class CosmosErasureTests(CosmosServer server) : ErasureTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.A)]
public sealed class CosmosServerErasureTests(CosmosServer server) : ErasureTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// `DELETE …/subjects/{id}` (API.md "Data subject requests"), the same on every store: personal data becomes
/// unreadable everywhere it is shown, a later write is 410, and checks still deny through the keyed hashes.
/// What an erasure leaves in the SQLite file itself is proved in ErasureOnDiskTests.
public abstract class ErasureTests() : StoreHubTest("forget")
{
    [Fact]
    public async Task Erasure_leaves_personal_data_unreadable_while_the_prohibition_still_holds()
    {
        var t = Tenant;
        (await t.Client.PutAsync("/api/v1/forget/subjects/s1/contact-points", Http.JsonBody("""{"emails":["unohda@example.fi"],"phones":["040 700 0001"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/forget/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/forget/subjects/s1/consents", new { purpose = "market-research", granted = true, evidence = new { ip = "198.51.100.7" } })).EnsureSuccessStatusCode();
        var export = await t.Client.GetJsonAsync("/api/v1/forget/subjects/s1/export");
        Assert.Equal("unohda@example.fi", export.GetProperty("preferences").GetProperty("contactPoints").GetProperty("emails")[0].GetString());

        using var erased = await t.Client.DeleteAsync("/api/v1/forget/subjects/s1");
        Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);

        Assert.Equal((false, "direct-marketing-prohibited"), (await t.Client.CheckAsync("forget", "direct-marketing", "email", "unohda@example.fi"))[0]);
        Assert.Equal((false, "erased"), (await t.Client.CheckAsync("forget", "market-research", "phone", "subject:s1"))[0]);
        Assert.Equal((false, "erased"), (await t.Client.CheckAsync("forget", "direct-marketing", "sms", "+358407000001"))[0]);
        var history = await t.Client.GetJsonAsync("/api/v1/forget/subjects/s1/history");
        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Empty(events[0].GetProperty("data").GetProperty("emails").EnumerateArray());
        Assert.DoesNotContain("198.51.100.7", history.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("subject.erased/v1", events[^1].GetProperty("type").GetString());
        await (await t.Client.PostJsonAsync("/api/v1/forget/subjects/s1/consents", new { purpose = "market-research", granted = true })).AssertProblemAsync(410);
        using var again = await t.Client.DeleteAsync("/api/v1/forget/subjects/s1");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    [Fact]
    public async Task After_erasure_the_export_preferences_and_events_feed_hold_no_personal_data_and_every_write_is_410()
    {
        (await Client.PutAsync("/api/v1/forget/subjects/s2/contact-points", Http.JsonBody("""{"emails":["pois@example.fi"],"phones":["040 700 0002"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/forget/subjects/s2/consents", new { purpose = "market-research", granted = true, evidence = new { ip = "198.51.100.8", userAgent = "Selain/1.0" } })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/forget/newsletters/weekly/subscriptions", new { email = "pois@example.fi" })).EnsureSuccessStatusCode();
        using (var erased = await Client.DeleteAsync("/api/v1/forget/subjects/s2"))
            Assert.Equal(1, (await erased.JsonAsync()).GetProperty("contactPointStreams").GetInt32());
        await DeliverAsync(StreamId.Subject("forget", "s2"), Hub.EmailStream("forget", "pois@example.fi"));

        var export = await Client.GetJsonAsync("/api/v1/forget/subjects/s2/export");
        var preferences = await Client.GetJsonAsync("/api/v1/forget/subjects/s2/preferences");
        var feed = await Client.GetJsonAsync("/api/v1/forget/events");
        foreach (var shown in new[] { export, preferences, feed })
            foreach (var personal in new[] { "pois@example.fi", "+358407000002", "198.51.100.8", "Selain/1.0" })
                Assert.DoesNotContain(personal, shown.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(export.GetProperty("preferences").GetProperty("contactPoints").GetProperty("emails").EnumerateArray());
        Assert.Equal(2, feed.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "consenthub.subject.erased.v1"));
        Assert.False(Assert.Single(export.GetProperty("contactPoints").EnumerateArray()).TryGetProperty("contact", out _));   // sealed, key gone: null, left out
        Assert.Equal((false, "erased"), (await Client.CheckAsync("forget", "newsletter:weekly", "email", "pois@example.fi"))[0]);

        await (await Client.PutAsync("/api/v1/forget/subjects/s2/contact-points", Http.JsonBody("""{"emails":["pois@example.fi"]}"""))).AssertProblemAsync(410);
        await (await Client.PostJsonAsync("/api/v1/forget/subjects/s2/objections", new { scope = "profiling" })).AssertProblemAsync(410);
        await (await Client.PostJsonAsync("/api/v1/forget/subjects/s2/restriction", new { restricted = true })).AssertProblemAsync(410);
    }

    [Fact]
    public async Task Erasure_and_export_need_the_dsr_scope_and_a_known_subject()
    {
        using var issue = await Client.PostJsonAsync("/api/v1/forget/keys", new { scopes = new[] { "consent:write", "consent:read" } });
        using var writer = Hub.Client((await issue.JsonAsync()).GetProperty("apiKey").GetString());
        await (await writer.DeleteAsync("/api/v1/forget/subjects/s1")).AssertProblemAsync(403);
        await (await writer.GetAsync("/api/v1/forget/subjects/s1/export")).AssertProblemAsync(403);
        await (await Client.DeleteAsync("/api/v1/forget/subjects/nobody")).AssertProblemAsync(404);
        await (await Client.GetAsync("/api/v1/forget/subjects/nobody/export")).AssertProblemAsync(404);
    }
}
