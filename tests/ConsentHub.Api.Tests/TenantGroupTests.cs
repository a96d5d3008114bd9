using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteTenantGroupTests : TenantGroupTests
{
    private readonly string _dir = TestHub.NewDataDir();

    protected override Task<TestHub> StartAsync() => TestHub.StartAsync(_dir);
}

[Collection(CosmosCollection.C)]
public sealed class CosmosTenantGroupTests(CosmosServer server) : TenantGroupTests
{
    private readonly string _database = CosmosServer.NewDatabase();
    private readonly byte[][] _secrets = CosmosHub.NewSecrets();

    protected override Task<TestHub> StartAsync() => CosmosHub.StartAsync(server, _database, _secrets);
}

/// A group of companies shares direct-marketing prohibitions when each member opts in (README "Tenant groups"):
/// A and B share, C is outside, D is in the group but does not share. Each leg starts the hub again on the same store
/// (`StartAsync`), so the sharing is shown to survive a restart.
public abstract class TenantGroupTests
{
    private const string Email = "konserni@example.fi";
    private const string Phone = "+358407770001";

    /// A hub on this leg's store: the same store every time it is called.
    protected abstract Task<TestHub> StartAsync();

    private static JsonObject Definition(string id, string? group, bool shares)
    {
        var definition = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Catalogs.Tenant(id)))!.AsObject();
        if (group is not null) definition["group"] = new JsonObject { ["id"] = group, ["sharesProhibitions"] = shares };
        return definition;
    }

    private static async Task<TenantHandle> MemberAsync(TestHub hub, string id, string? group, bool shares)
    {
        var tenant = await hub.CreateTenantAsync(id, Definition(id, group, shares));
        (await tenant.Client.PutAsync($"/api/v1/{id}/subjects/asiakas/contact-points", Http.JsonBody($$"""{"emails":["{{Email}}"],"phones":["{{Phone}}"]}"""))).EnsureSuccessStatusCode();
        return tenant;
    }

    private static async Task<(bool, string)> EmailCheckAsync(HttpClient client, string tenant, string purpose = "direct-marketing") =>
        (await client.CheckAsync(tenant, purpose, "email", Email))[0];

    [Fact]
    public async Task A_prohibition_in_one_sharing_member_holds_in_the_others_and_nowhere_else()
    {
        await using var hub = await StartAsync();
        using var a = await MemberAsync(hub, "emo", "konserni", true);
        using var b = await MemberAsync(hub, "tytar", "konserni", true);
        using var c = await MemberAsync(hub, "ulkopuolinen", null, false);
        using var d = await MemberAsync(hub, "omillaan", "konserni", false);
        Assert.Equal((true, "no-objection"), await EmailCheckAsync(b.Client, "tytar"));

        (await a.Client.PostJsonAsync("/api/v1/emo/subjects/asiakas/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();

        Assert.Equal((false, "direct-marketing-prohibited"), await EmailCheckAsync(b.Client, "tytar"));
        Assert.Equal((false, "direct-marketing-prohibited"), await EmailCheckAsync(b.Client, "tytar", "newsletter:weekly"));
        Assert.Equal((false, "direct-marketing-prohibited"), (await b.Client.CheckAsync("tytar", "direct-marketing", "email", "subject:asiakas"))[0]);
        Assert.Equal((true, "no-objection"), (await b.Client.CheckAsync("tytar", "direct-marketing", "sms", "subject:asiakas"))[0]);
        Assert.Equal((true, "service-notice"), await EmailCheckAsync(b.Client, "tytar", "service-notices"));
        Assert.Equal((true, "no-objection"), (await b.Client.CheckAsync("tytar", "direct-marketing", "sms", Phone))[0]);   // the channel it names only
        var suppressed = await b.Client.GetJsonAsync("/api/v1/tytar/suppressions?channel=email&purpose=direct-marketing");
        Assert.Equal(Email, Assert.Single(suppressed.GetProperty("items").EnumerateArray()).GetProperty("contact").GetString());
        Assert.Equal((true, "no-objection"), await EmailCheckAsync(c.Client, "ulkopuolinen"));
        Assert.Equal((true, "no-objection"), await EmailCheckAsync(d.Client, "omillaan"));
        Assert.Empty((await c.Client.GetJsonAsync("/api/v1/ulkopuolinen/suppressions?channel=email&purpose=direct-marketing")).GetProperty("items").EnumerateArray());

        // A member that does not share keeps its prohibitions to itself as well.
        (await d.Client.PostJsonAsync("/api/v1/omillaan/subjects/asiakas/objections", new { scope = "direct-marketing", channel = "sms" })).EnsureSuccessStatusCode();
        Assert.Equal((true, "no-objection"), (await a.Client.CheckAsync("emo", "direct-marketing", "sms", Phone))[0]);
    }

    [Fact]
    public async Task Only_the_direct_marketing_prohibition_travels_and_it_outlives_erasure_in_the_member_that_recorded_it()
    {
        await using var hub = await StartAsync();
        using var a = await MemberAsync(hub, "emo", "konserni", true);
        using var b = await MemberAsync(hub, "tytar", "konserni", true);
        (await a.Client.PostJsonAsync("/api/v1/emo/subjects/asiakas/objections", new { scope = "market-research" })).EnsureSuccessStatusCode();
        (await a.Client.PostJsonAsync("/api/v1/emo/subjects/asiakas/restriction", new { restricted = true })).EnsureSuccessStatusCode();
        Assert.Equal((true, "no-objection"), await EmailCheckAsync(b.Client, "tytar"));

        (await a.Client.PostJsonAsync("/api/v1/emo/subjects/asiakas/objections", new { scope = "direct-marketing" })).EnsureSuccessStatusCode();
        (await a.Client.DeleteAsync("/api/v1/emo/subjects/asiakas")).EnsureSuccessStatusCode();
        Assert.Equal((false, "direct-marketing-prohibited"), await EmailCheckAsync(b.Client, "tytar"));
        Assert.Equal((false, "direct-marketing-prohibited"), (await b.Client.CheckAsync("tytar", "direct-marketing", "phone", Phone))[0]);
    }

    [Fact]
    public async Task Leaving_the_group_stops_the_sharing_and_a_restart_keeps_what_the_members_chose()
    {
        string aKey, bKey;
        await using (var hub = await StartAsync())
        {
            using var a = await MemberAsync(hub, "emo", "konserni", true);
            using var b = await MemberAsync(hub, "tytar", "konserni", true);
            (aKey, bKey) = (a.ApiKey, b.ApiKey);
            (await a.Client.PostJsonAsync("/api/v1/emo/subjects/asiakas/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
            Assert.Equal((false, "direct-marketing-prohibited"), await EmailCheckAsync(b.Client, "tytar"));
        }

        await using (var hub = await StartAsync())
        {
            using var b = hub.Client(bKey);
            Assert.Equal((false, "direct-marketing-prohibited"), await EmailCheckAsync(b, "tytar"));
            using var op = hub.Operator();
            (await op.PutAsJsonAsync("/api/v1/admin/tenants/tytar", Definition("tytar", null, false))).EnsureSuccessStatusCode();
            Assert.Equal((true, "no-objection"), await EmailCheckAsync(b, "tytar"));
            using var a = hub.Client(aKey);
            Assert.Equal((false, "direct-marketing-prohibited"), await EmailCheckAsync(a, "emo"));   // its own prohibition stays
        }

        await using (var hub = await StartAsync())
        {
            using var b = hub.Client(bKey);
            Assert.Equal((true, "no-objection"), await EmailCheckAsync(b, "tytar"));
        }
    }

    [Fact]
    public async Task A_group_needs_an_id()
    {
        await using var hub = await StartAsync();
        using var op = hub.Operator();
        var definition = Definition("ilman", "konserni", true);
        definition["group"]!["id"] = "Ei kelpaa";
        await (await op.PostAsJsonAsync("/api/v1/admin/tenants", definition)).AssertProblemAsync(400);
    }
}
