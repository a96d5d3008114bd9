using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class AuthTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private TenantHandle _a = null!;
    private TenantHandle _b = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _a = await _hub.CreateTenantAsync("alpha");
        _b = await _hub.CreateTenantAsync("beta");
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _hub.DisposeAsync();
    }

    private static object Objection => new { scope = "direct-marketing", channel = "all" };

    [Fact]
    public async Task A_request_without_a_key_is_401()
    {
        using var anonymous = _hub.Client();
        await (await anonymous.PostJsonAsync("/api/v1/alpha/subjects/s1/objections", Objection)).AssertProblemAsync(401);
        await (await anonymous.GetAsync("/api/v1/alpha/subjects/s1/preferences")).AssertProblemAsync(401);
    }

    [Fact]
    public async Task An_unknown_key_is_401()
    {
        using var stranger = _hub.Client("chk_not-a-key-of-anyone");
        await (await stranger.PostJsonAsync("/api/v1/alpha/permissions/check", new { purpose = "direct-marketing", channel = "email", recipients = new[] { "a@b.fi" } }))
            .AssertProblemAsync(401);
    }

    [Fact]
    public async Task A_key_of_another_tenant_is_403_and_records_nothing()
    {
        await (await _b.Client.PostJsonAsync("/api/v1/alpha/subjects/s1/objections", Objection)).AssertProblemAsync(403);
        await (await _a.Client.GetAsync("/api/v1/alpha/subjects/s1/history")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_key_without_the_scope_is_403()
    {
        using var issue = await _a.Client.PostJsonAsync("/api/v1/alpha/keys", new { scopes = new[] { "check" } });
        Assert.Equal(HttpStatusCode.Created, issue.StatusCode);
        var checkOnly = (await issue.JsonAsync()).GetProperty("apiKey").GetString()!;
        using var client = _hub.Client(checkOnly);

        await (await client.PostJsonAsync("/api/v1/alpha/subjects/s1/objections", Objection)).AssertProblemAsync(403);
        await (await client.GetAsync("/api/v1/alpha/subjects/s1/preferences")).AssertProblemAsync(403);
        await (await client.PostJsonAsync("/api/v1/alpha/keys", new { scopes = new[] { "admin" } })).AssertProblemAsync(403);
        var allowed = await client.CheckAsync("alpha", "direct-marketing", "email", "a@b.fi");
        Assert.Equal((true, "no-objection"), allowed[0]);
    }

    [Fact]
    public async Task Operator_routes_need_the_operator_key()
    {
        using var anonymous = _hub.Client();
        await (await anonymous.PostJsonAsync("/api/v1/admin/tenants", Catalogs.Tenant("gamma"))).AssertProblemAsync(401);
        await (await _a.Client.PostJsonAsync("/api/v1/admin/tenants", Catalogs.Tenant("gamma"))).AssertProblemAsync(401);
    }

    [Fact]
    public async Task Operator_routes_do_not_exist_without_a_configured_operator_key()
    {
        await using var hub = await TestHub.StartAsync(withOperatorKey: false);
        using var client = hub.Client("anything");
        await (await client.PostJsonAsync("/api/v1/admin/tenants", Catalogs.Tenant("gamma"))).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Keys_are_stored_hashed_not_in_clear()
    {
        await using var hub = await TestHub.StartAsync();
        var tenant = await hub.CreateTenantAsync("delta");
        tenant.Dispose();
        var bytes = await StoreFiles.ReadAllBytesAsync(hub.DataDir);
        Assert.False(StoreFiles.Contains(bytes, tenant.ApiKey), "the api key was found in clear in the database");
    }
}
