using System.Text;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqlitePropagationTests() : PropagationTests
{
    protected override Task<TestHub> StartHubAsync() => TestHub.StartAsync(extra: Settings);

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the local worker starts and runs propagations itself
}

[Collection(CosmosCollection.A)]
public sealed class CosmosPropagationTests(CosmosServer server) : PropagationTests
{
    protected override Task<TestHub> StartHubAsync() => CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), extra: Settings);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.B)]
public sealed class CosmosServerPropagationTests(CosmosServer server) : PropagationTests
{
    protected override Task<TestHub> StartHubAsync() => CosmosServerHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), Settings);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// The hub against stand-ins of SendGrid and Twilio on 127.0.0.1: the exact requests, retries and dead letters, the
/// same on every store. Each case sets how SendGrid answers; Twilio accepts every message.
public abstract class PropagationTests() : StoreHubTest("outbox")
{
    private StubServer _sendGrid = null!;
    private StubServer _twilio = null!;
    private Func<CapturedRequest, int, (int Status, IDictionary<string, string>? Headers, string? Body)> _sendGridAnswers = (_, _) => (202, null, "{}");

    protected Dictionary<string, string?> Settings => new()
    {
        ["ConsentHub:SendGrid:BaseUrl"] = _sendGrid.BaseAddress.ToString(),
        ["ConsentHub:Twilio:BaseUrl"] = _twilio.BaseAddress.ToString(),
        // Enough for a target that fails twice to succeed at its third attempt, and for one that always fails to be dead-lettered after three.
        ["ConsentHub:Propagation:MaxAttempts"] = "3",
        ["ConsentHub:Propagation:BaseDelay"] = "00:00:00.050",
    };

    public override async Task InitializeAsync()
    {
        _sendGrid = await StubServer.StartAsync((request, n) => _sendGridAnswers(request, n));
        _twilio = await StubServer.AlwaysAsync(201);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _sendGrid.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    private static readonly string MarketingGroupPath = $"/v3/asm/groups/{Catalogs.MarketingGroups[0]}/suppressions";

    private void SendGridAnswers(Func<CapturedRequest, int, (int, IDictionary<string, string>?, string?)> answers) => _sendGridAnswers = answers;

    private void SendGridAlways(int status) => SendGridAnswers((_, _) => (status, null, status < 300 ? "{}" : """{"errors":[{"message":"stub"}]}"""));

    private async Task<TenantHandle> TenantWithSubjectAsync(string id, string subject, string email, string phone)
    {
        var tenant = await Hub.CreateTenantAsync(id, Catalogs.Tenant(id, sendgrid: Catalogs.SendGrid, twilio: Catalogs.Twilio));
        (await tenant.Client.PutAsync($"/api/v1/{id}/subjects/{subject}/contact-points",
            Http.JsonBody($$"""{"emails":["{{email}}"],"phones":["{{phone}}"]}"""))).EnsureSuccessStatusCode();
        return tenant;
    }

    /// Objects to direct marketing on this channel and answers the propagations once they have settled.
    private async Task<JsonElement> ObjectAndSettleAsync(TenantHandle tenant, string subject, string channel)
    {
        (await tenant.Client.PostJsonAsync($"/api/v1/{tenant.Id}/subjects/{subject}/objections", new { scope = "direct-marketing", channel })).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject(tenant.Id, subject));
        return await SettledAsync(tenant, subject);
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
        using var tenant = await TenantWithSubjectAsync("prop", "s1", "kielto@example.fi", "040 555 0101");

        var status = await ObjectAndSettleAsync(tenant, "s1", "all");

        Assert.Equal("succeeded", Target(status, "sendgrid").GetProperty("status").GetString());
        Assert.Equal("succeeded", Target(status, "sms").GetProperty("status").GetString());
        var group = Assert.Single(_sendGrid.Requests, r => r.Path == MarketingGroupPath);
        Assert.Equal("POST", group.Method);
        Assert.Equal("Bearer SG.test-key", group.Headers["Authorization"]);
        Assert.Equal(["kielto@example.fi"], JsonDocument.Parse(group.Body).RootElement.GetProperty("recipient_emails").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(_sendGrid.Requests, r => r.Path.StartsWith("/v3/asm/suppressions/global", StringComparison.Ordinal));
        var mail = JsonDocument.Parse(Assert.Single(_sendGrid.Requests, r => r.Path == "/v3/mail/send").Body).RootElement;
        Assert.Equal("kielto@example.fi", mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("uutiset@example.fi", mail.GetProperty("from").GetProperty("email").GetString());
        Assert.Contains("suoramarkkinointikielto", mail.GetProperty("content")[0].GetProperty("value").GetString(), StringComparison.OrdinalIgnoreCase);
        var sms = Assert.Single(_twilio.Requests);
        Assert.Equal(("POST", "/2010-04-01/Accounts/ACtest/Messages.json"), (sms.Method, sms.Path));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ACtest:twilio-token")), sms.Headers["Authorization"]);
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(sms.Body);
        Assert.Equal(("+358405550101", "+358401112222"), (form["To"].ToString(), form["From"].ToString()));
        Assert.Contains("suoramarkkinointikielto", form["Body"].ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_target_that_fails_twice_then_succeeds_ends_succeeded_after_three_attempts()
    {
        SendGridAnswers((request, n) => request.Path == MarketingGroupPath && n <= 2 ? (503, null, "busy") : (202, null, "{}"));
        using var tenant = await TenantWithSubjectAsync("flaky", "s1", "flaky@example.fi", "040 555 0102");

        var target = Target(await ObjectAndSettleAsync(tenant, "s1", "email"), "sendgrid");

        Assert.Equal("succeeded", target.GetProperty("status").GetString());
        Assert.Equal(3, target.GetProperty("attempts").GetInt32());
        Assert.Equal(3, _sendGrid.Requests.Count(r => r.Path == MarketingGroupPath));
    }

    [Fact]
    public async Task A_target_that_always_fails_is_dead_lettered_and_shows_in_the_status_route()
    {
        SendGridAlways(500);
        using var tenant = await TenantWithSubjectAsync("dead", "s1", "dead@example.fi", "040 555 0103");

        var target = Target(await ObjectAndSettleAsync(tenant, "s1", "email"), "sendgrid");

        Assert.Equal("dead-lettered", target.GetProperty("status").GetString());
        Assert.Equal(3, target.GetProperty("attempts").GetInt32());
        Assert.Contains("500", target.GetProperty("lastError").GetString());
        var listed = await tenant.Client.GetJsonAsync("/api/v1/dead/propagations?status=dead-lettered");
        Assert.Single(listed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_refusal_that_a_retry_cannot_fix_is_dead_lettered_at_once()
    {
        SendGridAlways(400);
        using var tenant = await TenantWithSubjectAsync("refused", "s1", "refused@example.fi", "040 555 0104");

        var target = Target(await ObjectAndSettleAsync(tenant, "s1", "email"), "sendgrid");

        Assert.Equal(("dead-lettered", 1), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_the_provider_gives()
    {
        SendGridAnswers((request, n) =>
            request.Path == MarketingGroupPath && n == 1 ? (429, new Dictionary<string, string> { ["Retry-After"] = "2" }, "slow down") : (202, null, "{}"));
        using var tenant = await TenantWithSubjectAsync("limited", "s1", "limited@example.fi", "040 555 0105");

        var target = Target(await ObjectAndSettleAsync(tenant, "s1", "email"), "sendgrid");

        Assert.Equal(("succeeded", 2), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        var calls = _sendGrid.Requests.Where(r => r.Path == MarketingGroupPath).Select(r => r.At).ToList();
        Assert.True(calls[1] - calls[0] >= TimeSpan.FromSeconds(1.9), $"retried after {(calls[1] - calls[0]).TotalSeconds:F2}s, not after the 2 s the provider asked for");
    }

    [Fact]
    public async Task Without_credentials_messages_and_suppression_changes_are_written_to_the_outbox()
    {
        // No api key, so no SendGrid: the marketing groups it would join are named all the same.
        var definition = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(Catalogs.Tenant("outbox")))!.AsObject();
        definition["sendgrid"] = new System.Text.Json.Nodes.JsonObject { ["marketingGroupIds"] = new System.Text.Json.Nodes.JsonArray(4401) };
        using (var op = Hub.Operator()) (await op.PutAsync("/api/v1/admin/tenants/outbox", Http.JsonBody(definition.ToJsonString()))).EnsureSuccessStatusCode();
        (await Client.PutAsync("/api/v1/outbox/subjects/s1/contact-points", Http.JsonBody("""{"emails":["ulos@example.fi"],"phones":["040 555 0106"]}"""))).EnsureSuccessStatusCode();
        await ObjectAndSettleAsync(Tenant, "s1", "all");

        var folder = Path.Combine(Hub.DataDir, "outbox");
        var email = JsonDocument.Parse(File.ReadAllLines(Path.Combine(folder, "email.jsonl")).Single()).RootElement;
        Assert.Equal(("outbox", "ulos@example.fi"), (email.GetProperty("tenant").GetString(), email.GetProperty("to").GetString()));
        foreach (var member in new[] { "at", "subject", "text", "headers" }) Assert.True(email.TryGetProperty(member, out _), member);
        var sms = JsonDocument.Parse(File.ReadAllLines(Path.Combine(folder, "sms.jsonl")).Single()).RootElement;
        Assert.Equal("+358405550106", sms.GetProperty("to").GetString());
        Assert.False(string.IsNullOrEmpty(sms.GetProperty("body").GetString()));
        var suppression = JsonDocument.Parse(File.ReadAllLines(Path.Combine(folder, "sendgrid.jsonl")).Single()).RootElement;
        Assert.Equal(("group-add", 4401), (suppression.GetProperty("action").GetString(), suppression.GetProperty("groupId").GetInt32()));
    }
}
