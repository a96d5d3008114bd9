using System.Text;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// The hub against stand-ins of SendGrid and Twilio on 127.0.0.1: the exact requests, retries and dead letters.
public sealed class PropagationTests
{
    private static Dictionary<string, string?> Settings(StubServer sendGrid, StubServer? twilio = null, int maxAttempts = 4) => new()
    {
        ["ConsentHub:SendGrid:BaseUrl"] = sendGrid.BaseAddress.ToString(),
        ["ConsentHub:Twilio:BaseUrl"] = (twilio ?? sendGrid).BaseAddress.ToString(),
        ["ConsentHub:Propagation:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ConsentHub:Propagation:BaseDelay"] = "00:00:00.050",
    };

    private static async Task<TenantHandle> TenantWithSubjectAsync(TestHub hub, string id, string subject, string email, string phone)
    {
        var tenant = await hub.CreateTenantAsync(id, Catalogs.Tenant(id, sendgrid: Catalogs.SendGrid, twilio: Catalogs.Twilio));
        (await tenant.Client.PutAsync($"/api/v1/{id}/subjects/{subject}/contact-points",
            Http.JsonBody($$"""{"emails":["{{email}}"],"phones":["{{phone}}"]}"""))).EnsureSuccessStatusCode();
        return tenant;
    }

    internal static Task<JsonElement> SettledAsync(TenantHandle tenant, string subject, int count = 1) =>
        Eventually.HoldsAsync(() => tenant.Client.GetJsonAsync($"/api/v1/{tenant.Id}/propagations?subjectId={subject}"),
            body => body.GetProperty("items").GetArrayLength() >= count
                && body.GetProperty("items").EnumerateArray().All(i => i.GetProperty("completed").GetBoolean()), what: "propagations settled");

    private static JsonElement Target(JsonElement propagations, string target) =>
        propagations.GetProperty("items").EnumerateArray().SelectMany(i => i.GetProperty("targets").EnumerateArray())
            .Single(t => t.GetProperty("target").GetString() == target);

    [Fact]
    public async Task A_direct_marketing_prohibition_reaches_SendGrid_and_Twilio_as_their_APIs_expect()
    {
        await using var sendGrid = await StubServer.AlwaysAsync(202);
        await using var twilio = await StubServer.AlwaysAsync(201);
        await using var hub = await TestHub.StartAsync(extra: Settings(sendGrid, twilio));
        using var tenant = await TenantWithSubjectAsync(hub, "prop", "s1", "kielto@example.fi", "040 555 0101");

        (await tenant.Client.PostJsonAsync("/api/v1/prop/subjects/s1/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        var status = await SettledAsync(tenant, "s1");

        Assert.Equal("succeeded", Target(status, "sendgrid").GetProperty("status").GetString());
        Assert.Equal("succeeded", Target(status, "sms").GetProperty("status").GetString());
        var global = Assert.Single(sendGrid.Requests, r => r.Path == "/v3/asm/suppressions/global");
        Assert.Equal("POST", global.Method);
        Assert.Equal("Bearer SG.test-key", global.Headers["Authorization"]);
        Assert.Equal(["kielto@example.fi"], JsonDocument.Parse(global.Body).RootElement.GetProperty("recipient_emails").EnumerateArray().Select(e => e.GetString()));
        var mail = JsonDocument.Parse(Assert.Single(sendGrid.Requests, r => r.Path == "/v3/mail/send").Body).RootElement;
        Assert.Equal("kielto@example.fi", mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("uutiset@example.fi", mail.GetProperty("from").GetProperty("email").GetString());
        Assert.Contains("suoramarkkinointikielto", mail.GetProperty("content")[0].GetProperty("value").GetString(), StringComparison.OrdinalIgnoreCase);
        var sms = Assert.Single(twilio.Requests);
        Assert.Equal(("POST", "/2010-04-01/Accounts/ACtest/Messages.json"), (sms.Method, sms.Path));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ACtest:twilio-token")), sms.Headers["Authorization"]);
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(sms.Body);
        Assert.Equal(("+358405550101", "+358401112222"), (form["To"].ToString(), form["From"].ToString()));
        Assert.Contains("suoramarkkinointikielto", form["Body"].ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_target_that_fails_twice_then_succeeds_ends_succeeded_after_three_attempts()
    {
        await using var sendGrid = await StubServer.StartAsync((request, n) =>
            request.Path == "/v3/asm/suppressions/global" && n <= 2 ? (503, null, "busy") : (202, null, "{}"));
        await using var hub = await TestHub.StartAsync(extra: Settings(sendGrid));
        using var tenant = await TenantWithSubjectAsync(hub, "flaky", "s1", "flaky@example.fi", "040 555 0102");

        (await tenant.Client.PostJsonAsync("/api/v1/flaky/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        var target = Target(await SettledAsync(tenant, "s1"), "sendgrid");

        Assert.Equal("succeeded", target.GetProperty("status").GetString());
        Assert.Equal(3, target.GetProperty("attempts").GetInt32());
        Assert.Equal(3, sendGrid.Requests.Count(r => r.Path == "/v3/asm/suppressions/global"));
    }

    [Fact]
    public async Task A_target_that_always_fails_is_dead_lettered_and_shows_in_the_status_route()
    {
        await using var sendGrid = await StubServer.AlwaysAsync(500);
        await using var hub = await TestHub.StartAsync(extra: Settings(sendGrid, maxAttempts: 3));
        using var tenant = await TenantWithSubjectAsync(hub, "dead", "s1", "dead@example.fi", "040 555 0103");

        (await tenant.Client.PostJsonAsync("/api/v1/dead/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        var target = Target(await SettledAsync(tenant, "s1"), "sendgrid");

        Assert.Equal("dead-lettered", target.GetProperty("status").GetString());
        Assert.Equal(3, target.GetProperty("attempts").GetInt32());
        Assert.Contains("500", target.GetProperty("lastError").GetString());
        var listed = await tenant.Client.GetJsonAsync("/api/v1/dead/propagations?status=dead-lettered");
        Assert.Single(listed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_refusal_that_a_retry_cannot_fix_is_dead_lettered_at_once()
    {
        await using var sendGrid = await StubServer.AlwaysAsync(400);
        await using var hub = await TestHub.StartAsync(extra: Settings(sendGrid));
        using var tenant = await TenantWithSubjectAsync(hub, "refused", "s1", "refused@example.fi", "040 555 0104");

        (await tenant.Client.PostJsonAsync("/api/v1/refused/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        var target = Target(await SettledAsync(tenant, "s1"), "sendgrid");

        Assert.Equal(("dead-lettered", 1), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_the_provider_gives()
    {
        await using var sendGrid = await StubServer.StartAsync((request, n) =>
            request.Path == "/v3/asm/suppressions/global" && n == 1 ? (429, new Dictionary<string, string> { ["Retry-After"] = "2" }, "slow down") : (202, null, "{}"));
        await using var hub = await TestHub.StartAsync(extra: Settings(sendGrid));
        using var tenant = await TenantWithSubjectAsync(hub, "limited", "s1", "limited@example.fi", "040 555 0105");

        (await tenant.Client.PostJsonAsync("/api/v1/limited/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        var target = Target(await SettledAsync(tenant, "s1"), "sendgrid");

        Assert.Equal(("succeeded", 2), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        var calls = sendGrid.Requests.Where(r => r.Path == "/v3/asm/suppressions/global").Select(r => r.At).ToList();
        Assert.True(calls[1] - calls[0] >= TimeSpan.FromSeconds(1.9), $"retried after {(calls[1] - calls[0]).TotalSeconds:F2}s, not after the 2 s the provider asked for");
    }

    [Fact]
    public async Task Without_credentials_messages_and_suppression_changes_are_written_to_the_outbox()
    {
        await using var hub = await TestHub.StartAsync();
        using var tenant = await hub.CreateTenantAsync("outbox");
        (await tenant.Client.PutAsync("/api/v1/outbox/subjects/s1/contact-points", Http.JsonBody("""{"emails":["ulos@example.fi"],"phones":["040 555 0106"]}"""))).EnsureSuccessStatusCode();
        (await tenant.Client.PostJsonAsync("/api/v1/outbox/subjects/s1/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        await SettledAsync(tenant, "s1");

        var folder = Path.Combine(hub.DataDir, "outbox");
        var email = JsonDocument.Parse(File.ReadAllLines(Path.Combine(folder, "email.jsonl")).Single()).RootElement;
        Assert.Equal(("outbox", "ulos@example.fi"), (email.GetProperty("tenant").GetString(), email.GetProperty("to").GetString()));
        foreach (var member in new[] { "at", "subject", "text", "headers" }) Assert.True(email.TryGetProperty(member, out _), member);
        var sms = JsonDocument.Parse(File.ReadAllLines(Path.Combine(folder, "sms.jsonl")).Single()).RootElement;
        Assert.Equal("+358405550106", sms.GetProperty("to").GetString());
        Assert.False(string.IsNullOrEmpty(sms.GetProperty("body").GetString()));
        var suppression = JsonDocument.Parse(File.ReadAllLines(Path.Combine(folder, "sendgrid.jsonl")).Single()).RootElement;
        Assert.Equal("global-add", suppression.GetProperty("action").GetString());
    }
}
