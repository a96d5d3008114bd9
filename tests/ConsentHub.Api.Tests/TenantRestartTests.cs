using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Functions.Propagation;
using ConsentHub.Functions.Storage;

namespace ConsentHub.Api.Tests;

public sealed class TenantRestartTests
{
    private const int People = 40;

    [Fact]
    public async Task After_a_restart_the_tenant_and_its_keys_answer_from_its_own_stream_without_scanning_the_history()
    {
        var dir = TestHub.NewDataDir();
        string first, issued, revokedKey, siteKey;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var tenant = await hub.CreateTenantAsync("uusi");
            (first, siteKey) = (tenant.ApiKey, tenant.SiteKey);
            issued = (await (await tenant.Client.PostJsonAsync("/api/v1/uusi/keys", new { scopes = new[] { "check" } })).JsonAsync()).GetProperty("apiKey").GetString()!;
            var revoked = await (await tenant.Client.PostJsonAsync("/api/v1/uusi/keys", new { scopes = new[] { "check" } })).JsonAsync();
            revokedKey = revoked.GetProperty("apiKey").GetString()!;
            (await tenant.Client.DeleteAsync($"/api/v1/uusi/keys/{revoked.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
            // Person events far outnumber the tenant's: a start-up that scanned them would read them all.
            for (var i = 0; i < People; i++)
                (await tenant.Client.PutAsync($"/api/v1/uusi/subjects/p{i}/contact-points", Http.JsonBody($$"""{"emails":["p{{i}}@example.fi"]}"""))).EnsureSuccessStatusCode();
            // The propagation starter reads the feed from its own checkpoint: let it reach the end, so what the next
            // start reads from the feed is only what something scans, not changes still waiting to be started.
            var checkpoints = hub.Services.GetRequiredService<ICheckpointStore>();
            var feed = hub.Services.GetRequiredService<SqliteEventStore>();
            await Eventually.HoldsAsync(async () => (await feed.ReadAllAsync(await checkpoints.ReadAsync(PropagationStarter.CheckpointName, default), 1, null, default)).Count,
                left => left == 0, what: "propagations started");
            // and finished: one still pending would be resumed by the next start, reading its streams.
            await Eventually.HoldsAsync(async () => (await tenant.Client.GetJsonAsync("/api/v1/uusi/propagations?status=pending")).GetProperty("items").GetArrayLength(),
                pending => pending == 0, what: "propagations finished");
        }

        await using var again = await TestHub.StartAsync(dir);
        var store = again.Services.GetRequiredService<SqliteEventStore>();
        using (var op = again.Operator())
        {
            var definition = await op.GetJsonAsync("/api/v1/admin/tenants/uusi");
            Assert.Equal("uusi", definition.GetProperty("tenant").GetProperty("id").GetString());
            Assert.Equal(siteKey, Assert.Single(definition.GetProperty("siteKeys").EnumerateArray()).GetString());
        }
        using (var client = again.Client(first))
            Assert.Equal(2, (await client.GetJsonAsync("/api/v1/uusi/keys")).GetProperty("keys").GetArrayLength());
        using (var checker = again.Client(issued))
            Assert.Equal((true, "no-objection"), (await checker.CheckAsync("uusi", "direct-marketing", "email", "p1@example.fi"))[0]);
        using (var gone = again.Client(revokedKey))
            Assert.Equal(HttpStatusCode.Unauthorized, (await gone.GetAsync("/api/v1/uusi/suppressions?channel=email&purpose=direct-marketing")).StatusCode);

        // The feed readers started at their checkpoints, so none read the global feed, and the stream reads are the
        // tenant's own few events, not the people's.
        Assert.Equal(0, store.FeedEventsRead);
        Assert.InRange(store.EventsRead, 1, 10);
    }
}
