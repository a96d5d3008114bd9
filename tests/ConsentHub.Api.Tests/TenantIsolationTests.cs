using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class TenantIsolationTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private TenantHandle _a = null!;
    private TenantHandle _b = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _a = await _hub.CreateTenantAsync("iso-a");
        _b = await _hub.CreateTenantAsync("iso-b");
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task A_prohibition_in_one_tenant_does_not_reach_another_with_the_same_address_and_subject_id()
    {
        foreach (var t in new[] { _a, _b })
            (await t.Client.PutAsync($"/api/v1/{t.Id}/subjects/same-id/contact-points", Http.JsonBody("""{"emails":["jaettu@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await _a.Client.PostJsonAsync("/api/v1/iso-a/subjects/same-id/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();

        var inA = await _a.Client.CheckAsync("iso-a", "direct-marketing", "email", "jaettu@example.fi", "subject:same-id");
        var inB = await _b.Client.CheckAsync("iso-b", "direct-marketing", "email", "jaettu@example.fi", "subject:same-id");

        Assert.All(inA, r => Assert.Equal((false, "direct-marketing-prohibited"), r));
        Assert.All(inB, r => Assert.Equal((true, "no-objection"), r));
    }

    [Fact]
    public async Task One_tenant_sees_none_of_another_tenants_events_or_suppressions()
    {
        (await _a.Client.PostJsonAsync("/api/v1/iso-a/subjects/only-a/objections", new { scope = "profiling" })).EnsureSuccessStatusCode();

        var events = await _b.Client.GetJsonAsync("/api/v1/iso-b/events");
        Assert.DoesNotContain(events.GetProperty("events").EnumerateArray(), e => e.GetProperty("subject").GetString() == "only-a");
        await (await _b.Client.GetAsync("/api/v1/iso-b/subjects/only-a/history")).AssertProblemAsync(404);
        await (await _b.Client.GetAsync("/api/v1/iso-a/subjects/only-a/history")).AssertProblemAsync(403);
    }
}
