using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

public sealed class TenantRestartTests
{
    private const int People = 60;

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
            await Quiet.PropagationsAsync(hub, tenant);
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
        // tenant's own few events (read again, at most once a second, when a key is not found in it, as the revoked one
        // is: a slow machine reads them a few times), never the people's: a scan would read one event per person or more.
        Assert.Equal(0, store.FeedEventsRead);
        Assert.InRange(store.EventsRead, 1, People - 1);
    }
}
