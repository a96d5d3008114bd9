using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Subscriptions;

namespace ConsentHub.Api.Tests;

/// CRM subscriptions: the API, and where a webhook may point (SSRF), in Production as the tests run the hub.
public sealed class SubscriptionTests
{
    private const string Public = "https://93.184.215.14/hooks/consent";   // a public address literal: no DNS needed

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body;
    }

    private static async Task AssertUrlRefusedAsync(HttpResponseMessage response, string why)
    {
        var problem = await response.AssertProblemAsync(400);
        var messages = problem.GetProperty("errors").GetProperty("url").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains(why, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost:8443/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.20.0.5/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://2130706433/hook")]   // 127.0.0.1 written as one number
    public async Task A_webhook_to_an_internal_address_is_refused_without_an_allowance(string url)
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("crm");

        using var response = await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url });

        await AssertUrlRefusedAsync(response, "internal address");
        Assert.Equal(0, (await t.Client.GetJsonAsync("/api/v1/crm/subscriptions")).GetProperty("subscriptions").GetArrayLength());
    }

    [Fact]
    public async Task Private_addresses_are_accepted_once_the_operator_allows_them_but_https_stays_required_in_Production()
    {
        await using var hub = await TestHub.StartAsync(extra: new Dictionary<string, string?> { ["ConsentHub:Webhooks:AllowPrivateNetworks"] = "true" });
        using var t = await hub.CreateTenantAsync("crm");

        using var loopback = await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = "https://127.0.0.1:8443/hook" });
        using var plain = await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = "http://127.0.0.1:8080/hook" });

        await CreatedAsync(loopback);
        await AssertUrlRefusedAsync(plain, "must use https");
    }

    [Fact]
    public async Task An_allowed_host_is_accepted_by_name_while_other_internal_addresses_stay_refused()
    {
        await using var hub = await TestHub.StartAsync(extra: new Dictionary<string, string?> { ["ConsentHub:Webhooks:AllowedHosts:0"] = "localhost" });
        using var t = await hub.CreateTenantAsync("crm");

        using var named = await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = "https://LOCALHOST:8443/hook" });
        using var literal = await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = "https://127.0.0.1:8443/hook" });

        await CreatedAsync(named);
        await AssertUrlRefusedAsync(literal, "internal address");
    }

    [Theory]
    [InlineData("http://93.184.215.14/hook", "must use https")]
    [InlineData("ftp://93.184.215.14/hook", "absolute http or https URL")]
    [InlineData("/hooks/relative", "absolute http or https URL")]
    [InlineData("https://user:pass@93.184.215.14/hook", "user name or password")]
    [InlineData("https://crm.invalid/hook", "does not resolve")]
    public async Task A_url_that_is_not_a_usable_https_address_is_refused_in_Production(string url, string why)
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("crm");

        using var response = await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url });

        await AssertUrlRefusedAsync(response, why);
    }

    [Fact]
    public async Task A_subscription_is_created_with_a_secret_shown_once_listed_without_it_and_ended()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("crm");

        var created = await CreatedAsync(await t.Client.PostJsonAsync("/api/v1/crm/subscriptions",
            new { url = Public, types = new[] { "consenthub.objection.recorded.v1", "consenthub.objection.recorded.v1", "consenthub.objection.lifted.v1" } }));
        var all = await CreatedAsync(await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public }));

        var id = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Equal(["consenthub.objection.recorded.v1", "consenthub.objection.lifted.v1"], created.GetProperty("types").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(all.GetProperty("types").EnumerateArray());
        Assert.NotEqual(secret, all.GetProperty("secret").GetString());

        var listed = await t.Client.GetJsonAsync("/api/v1/crm/subscriptions");
        Assert.Equal([id, all.GetProperty("id").GetString()], listed.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.DoesNotContain("secret", listed.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret[6..], listed.GetRawText(), StringComparison.Ordinal);

        using (var ended = await t.Client.DeleteAsync($"/api/v1/crm/subscriptions/{id}")) Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        using (var again = await t.Client.DeleteAsync($"/api/v1/crm/subscriptions/{id}")) Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using (var unknown = await t.Client.DeleteAsync("/api/v1/crm/subscriptions/sub-nothing")) await unknown.AssertProblemAsync(404);
        var left = await t.Client.GetJsonAsync("/api/v1/crm/subscriptions");
        Assert.Equal([all.GetProperty("id").GetString()], left.GetProperty("subscriptions").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_secret_is_kept_sealed_and_subscriptions_survive_a_restart()
    {
        var dataDir = TestHub.NewDataDir();
        string id, secret;
        await using (var hub = await TestHub.StartAsync(dataDir))
        {
            using var t = await hub.CreateTenantAsync("crm");
            var created = await CreatedAsync(await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public }));
            (id, secret) = (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
            Assert.False(StoreFiles.Contains(await StoreFiles.ReadAllBytesAsync(dataDir), secret["whsec_".Length..]));
        }
        await using var restarted = await TestHub.StartAsync(dataDir);
        var tenant = restarted.Services.GetRequiredService<ConsentHub.Hub.Tenants.TenantRegistry>();
        Assert.Equal(id, Assert.Single(tenant.Subscriptions("crm")).Id);
    }

    [Fact]
    public async Task Repeating_a_create_with_the_same_Idempotency_Key_answers_the_same_subscription_and_secret()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("crm");

        var first = await CreatedAsync(await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public }, idempotencyKey: "crm-setup-1"));
        var again = await CreatedAsync(await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public }, idempotencyKey: "crm-setup-1"));
        using var other = await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public + "/other" }, idempotencyKey: "crm-setup-1");

        Assert.Equal(first.GetRawText(), again.GetRawText());
        await other.AssertProblemAsync(422);
        Assert.Single((await t.Client.GetJsonAsync("/api/v1/crm/subscriptions")).GetProperty("subscriptions").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_event_types_are_refused_by_name()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("crm");

        using var response = await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public, types = new[] { "consenthub.consent.granted.v1", "consent.granted" } });

        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("types[1]", out _), problem.ToString());
    }

    [Fact]
    public async Task Subscriptions_need_the_admin_scope()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("crm");
        using var issued = await t.Client.PostJsonAsync("/api/v1/crm/keys", new { scopes = new[] { "consent:read", "consent:write" } });
        using var reader = hub.Client((await issued.JsonAsync()).GetProperty("apiKey").GetString());

        using var create = await reader.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public });
        using var list = await reader.GetAsync("/api/v1/crm/subscriptions");
        using var end = await reader.DeleteAsync("/api/v1/crm/subscriptions/sub-x");
        using var anonymous = await hub.Client().GetAsync("/api/v1/crm/subscriptions");

        await create.AssertProblemAsync(403);
        await list.AssertProblemAsync(403);
        await end.AssertProblemAsync(403);
        await anonymous.AssertProblemAsync(401);
    }

    [Fact]
    public async Task A_tenant_has_at_most_the_configured_number_of_active_subscriptions()
    {
        await using var hub = await TestHub.StartAsync(extra: new Dictionary<string, string?> { ["ConsentHub:Webhooks:MaxSubscriptionsPerTenant"] = "2" });
        using var t = await hub.CreateTenantAsync("crm");
        var first = await CreatedAsync(await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public }));
        await CreatedAsync(await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public }));

        using var third = await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public });
        await third.AssertProblemAsync(409);

        (await t.Client.DeleteAsync($"/api/v1/crm/subscriptions/{first.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        await CreatedAsync(await t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url = Public }));
    }

    [Theory]
    [InlineData("93.184.215.14", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2a00:1450:4010:c0e::64", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.0.1", false)]
    [InlineData("127.0.0.2", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("100.127.255.254", false)]
    [InlineData("100.128.0.1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fdff::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:93.184.215.14", true)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:c0a8:0101::1", false)]
    public void Only_globally_routable_addresses_count_as_public(string address, bool isPublic) =>
        Assert.Equal(isPublic, NetworkAddresses.IsPublic(IPAddress.Parse(address)));
}
