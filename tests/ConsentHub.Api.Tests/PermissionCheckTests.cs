using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqlitePermissionCheckTests() : PermissionCheckTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.C)]
public sealed class CosmosPermissionCheckTests(CosmosServer server) : PermissionCheckTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.A)]
public sealed class CosmosServerPermissionCheckTests(CosmosServer server) : PermissionCheckTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// The permission rules as a sender meets them over HTTP, the same cases on every store (answered right after each
/// write, with no change feed delivered); every rule in isolation is in the domain tests.
public abstract class PermissionCheckTests() : StoreHubTest("chk")
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (await Client.PutAsync("/api/v1/chk/subjects/maija/contact-points", Http.JsonBody("""{"emails":["Maija@Example.FI"],"phones":["040 123 4567"]}"""))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_objection_on_all_blocks_marketing_on_every_linked_contact_point_until_lifted_and_never_service_notices()
    {
        (await Client.PostJsonAsync("/api/v1/chk/subjects/maija/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();

        Assert.All(await Client.CheckAsync("chk", "direct-marketing", "email", "Maija@example.fi", "subject:maija"), r => Assert.Equal((false, "direct-marketing-prohibited"), r));
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync("chk", "direct-marketing", "sms", "+358 40 123 4567"))[0]);
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync("chk", "newsletter:weekly", "email", "Maija@example.fi"))[0]);
        Assert.Equal((true, "service-notice"), (await Client.CheckAsync("chk", "service-notices", "sms", "0401234567"))[0]);

        (await Client.PostJsonAsync("/api/v1/chk/subjects/maija/objections", new { scope = "direct-marketing", channel = "all", lifted = true })).EnsureSuccessStatusCode();
        Assert.Equal((true, "no-objection"), (await Client.CheckAsync("chk", "direct-marketing", "email", "Maija@example.fi"))[0]);
    }

    [Fact]
    public async Task Consent_statements_decide_consent_purposes()
    {
        Assert.Equal((false, "no-consent"), (await Client.CheckAsync("chk", "market-research", "email", "subject:maija"))[0]);
        (await Client.PostJsonAsync("/api/v1/chk/subjects/maija/consents", new { purpose = "market-research", granted = true })).EnsureSuccessStatusCode();
        Assert.Equal((true, "consented"), (await Client.CheckAsync("chk", "market-research", "email", "Maija@example.fi"))[0]);
        (await Client.PostJsonAsync("/api/v1/chk/subjects/maija/consents", new { purpose = "market-research", channel = "email", granted = false })).EnsureSuccessStatusCode();
        Assert.Equal((false, "consent-withdrawn"), (await Client.CheckAsync("chk", "market-research", "email", "Maija@example.fi"))[0]);
        Assert.Equal((true, "consented"), (await Client.CheckAsync("chk", "market-research", "phone", "subject:maija"))[0]);

        var prefs = await Client.GetJsonAsync("/api/v1/chk/subjects/maija/preferences");
        Assert.All(prefs.GetProperty("consents").EnumerateArray(), c => Assert.Equal("2026-01-01", c.GetProperty("policyVersion").GetString()));
    }

    [Fact]
    public async Task Ten_thousand_recipients_are_answered_in_request_order()
    {
        var recipients = Enumerable.Range(0, 10_000).Select(i => i % 1000 == 7 ? "not an address" : $"r{i}@example.fi").ToArray();
        using var response = await Client.PostJsonAsync("/api/v1/chk/permissions/check", new { purpose = "direct-marketing", channel = "email", recipients });
        var results = (await response.JsonAsync()).GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(recipients, results.Select(r => r.GetProperty("recipient").GetString()));
        Assert.Equal(10, results.Count(r => r.GetProperty("reason").GetString() == "invalid-recipient"));
    }

    [Fact]
    public async Task Restriction_stops_marketing_and_research_but_not_service_notices()
    {
        (await Client.PostJsonAsync("/api/v1/chk/subjects/rajoitettu/restriction", new { restricted = true, reason = "accuracy contested" })).EnsureSuccessStatusCode();
        Assert.Equal((false, "processing-restricted"), (await Client.CheckAsync("chk", "direct-marketing", "post", "subject:rajoitettu"))[0]);
        Assert.Equal((true, "service-notice"), (await Client.CheckAsync("chk", "service-notices", "email", "subject:rajoitettu"))[0]);
        Assert.True((await Client.GetJsonAsync("/api/v1/chk/subjects/rajoitettu/preferences")).GetProperty("restricted").GetBoolean());
    }
}
