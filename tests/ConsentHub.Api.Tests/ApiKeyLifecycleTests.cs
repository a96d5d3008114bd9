using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// API.md "Tenants": a key's secret is shown once, keys are listed without secrets, and a revoked key is 401 from
/// then on, after a restart too and on the Cosmos DB store alike.
[Collection(CosmosCollection.A)]
public sealed class ApiKeyLifecycleTests(CosmosServer server)
{
    private static async Task<JsonElement> IssueAsync(TenantHandle t, string idempotencyKey, params string[] scopes)
    {
        using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/keys", new { scopes }, idempotencyKey);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    private static async Task<List<JsonElement>> ListAsync(TenantHandle t) =>
        [.. (await t.Client.GetJsonAsync($"/api/v1/{t.Id}/keys")).GetProperty("keys").EnumerateArray()];

    private static async Task<HttpStatusCode> UseAsync(TestHub hub, string tenant, string key)
    {
        using var client = hub.Client(key);
        using var response = await client.PostJsonAsync($"/api/v1/{tenant}/permissions/check", new { purpose = "direct-marketing", channel = "email", recipients = new[] { "a@example.fi" } });
        return response.StatusCode;
    }

    [Fact]
    public async Task A_replayed_key_request_answers_the_id_and_scopes_without_the_secret()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("keys-replay");
        var first = await IssueAsync(t, "issue-1", "check");
        Assert.StartsWith("chk_", first.GetProperty("apiKey").GetString());
        var replay = await IssueAsync(t, "issue-1", "check");
        Assert.False(replay.TryGetProperty("apiKey", out _), replay.ToString());
        Assert.Equal(first.GetProperty("id").GetString(), replay.GetProperty("id").GetString());
        Assert.Equal("check", replay.GetProperty("scopes")[0].GetString());
        Assert.DoesNotContain(first.GetProperty("apiKey").GetString()!, replay.ToString());
    }

    [Fact]
    public async Task A_replayed_tenant_creation_answers_the_first_keys_id_without_its_secret()
    {
        await using var hub = await TestHub.StartAsync();
        using var op = hub.Operator();
        using var created = await op.PostJsonAsync("/api/v1/admin/tenants", Catalogs.Tenant("keys-tenant-replay"), "create-1");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = await created.JsonAsync();
        var secret = first.GetProperty("apiKey").GetString()!;
        using var replayed = await op.PostJsonAsync("/api/v1/admin/tenants", Catalogs.Tenant("keys-tenant-replay"), "create-1");
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        var replay = await replayed.JsonAsync();
        Assert.False(replay.TryGetProperty("apiKey", out _), replay.ToString());
        Assert.DoesNotContain(secret, replay.ToString());
        Assert.Equal(first.GetProperty("apiKeyId").GetString(), replay.GetProperty("apiKeyId").GetString());
        Assert.Equal(first.GetProperty("siteKey").GetString(), replay.GetProperty("siteKey").GetString());
        using var t = new TenantHandle("keys-tenant-replay", secret, "", hub.Client(secret));
        Assert.Contains(await ListAsync(t), k => k.GetProperty("id").GetString() == replay.GetProperty("apiKeyId").GetString());
    }

    [Fact]
    public async Task Keys_are_listed_with_scopes_created_and_last_use_and_a_revoked_key_is_401_also_after_a_restart()
    {
        var dir = TestHub.NewDataDir();
        string admin, checker, checkerId, firstId;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var t = await hub.CreateTenantAsync("keys-list");
            admin = t.ApiKey;
            var issued = await IssueAsync(t, "issue-check", "check");
            checker = issued.GetProperty("apiKey").GetString()!;
            checkerId = issued.GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.OK, await UseAsync(hub, t.Id, checker));

            var keys = await ListAsync(t);
            Assert.Equal(2, keys.Count);
            var first = keys[0];   // the key of tenant creation, oldest first
            firstId = first.GetProperty("id").GetString()!;
            Assert.Equal(5, first.GetProperty("scopes").GetArrayLength());
            Assert.True(first.TryGetProperty("lastUsedAt", out _));   // it is listing right now
            var listed = keys.Single(k => k.GetProperty("id").GetString() == checkerId);
            Assert.Equal(["check"], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
            Assert.True(listed.GetProperty("createdAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
            Assert.True(listed.TryGetProperty("lastUsedAt", out _));
            Assert.DoesNotContain("chk_", JsonSerializer.Serialize(keys));

            using (var revoke = await t.Client.DeleteAsync($"/api/v1/{t.Id}/keys/{checkerId}"))
                Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, await UseAsync(hub, t.Id, checker));
            Assert.DoesNotContain(await ListAsync(t), k => k.GetProperty("id").GetString() == checkerId);
            await (await t.Client.DeleteAsync($"/api/v1/{t.Id}/keys/no-such-key")).AssertProblemAsync(404);
        }
        await using (var again = await TestHub.StartAsync(dir))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await UseAsync(again, "keys-list", checker));
            Assert.Equal(HttpStatusCode.OK, await UseAsync(again, "keys-list", admin));

            // The first key is revocable too: the tenant's own admin key revokes itself.
            using var client = again.Client(admin);
            using (var revoke = await client.DeleteAsync($"/api/v1/keys-list/keys/{firstId}"))
                Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, await UseAsync(again, "keys-list", admin));
        }
    }

    [Fact]
    public async Task On_the_Cosmos_DB_store_a_revoked_key_is_401_at_once_and_on_a_fresh_instance()
    {
        var database = CosmosServer.NewDatabase();
        var secrets = CosmosHub.NewSecrets();
        string checker;
        await using (var hub = await CosmosHub.StartAsync(server, database, secrets))
        {
            using var t = await hub.CreateTenantAsync("keys-cosmos");
            var issued = await IssueAsync(t, "issue-check", "check");
            checker = issued.GetProperty("apiKey").GetString()!;
            Assert.Equal(HttpStatusCode.OK, await UseAsync(hub, t.Id, checker));
            Assert.Equal(2, (await ListAsync(t)).Count);
            var replay = await IssueAsync(t, "issue-check", "check");
            Assert.False(replay.TryGetProperty("apiKey", out _), replay.ToString());

            using (var revoke = await t.Client.DeleteAsync($"/api/v1/{t.Id}/keys/{issued.GetProperty("id").GetString()}"))
                Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, await UseAsync(hub, t.Id, checker));
        }
        await using var fresh = await CosmosHub.StartAsync(server, database, secrets);
        Assert.Equal(HttpStatusCode.Unauthorized, await UseAsync(fresh, "keys-cosmos", checker));
    }
}
