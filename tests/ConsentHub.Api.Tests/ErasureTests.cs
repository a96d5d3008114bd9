using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class ErasureTests
{
    [Fact]
    public async Task Erasure_leaves_personal_data_unreadable_while_the_prohibition_still_holds()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("forget");
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
    public async Task Erasure_and_export_need_the_dsr_scope_and_a_known_subject()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync("dsr");
        using var issue = await t.Client.PostJsonAsync("/api/v1/dsr/keys", new { scopes = new[] { "consent:write", "consent:read" } });
        using var writer = hub.Client((await issue.JsonAsync()).GetProperty("apiKey").GetString());
        await (await writer.DeleteAsync("/api/v1/dsr/subjects/s1")).AssertProblemAsync(403);
        await (await t.Client.DeleteAsync("/api/v1/dsr/subjects/nobody")).AssertProblemAsync(404);
        await (await t.Client.GetAsync("/api/v1/dsr/subjects/nobody/export")).AssertProblemAsync(404);
    }
}
