using System.Text;
using ConsentHub.Api.Tests.Kit;
using Microsoft.AspNetCore.WebUtilities;
using static ConsentHub.Api.Tests.Kit.PropagationKit;

namespace ConsentHub.Api.Tests;

/// The hub (real server, SQLite) sending its own text messages through Twilio's SDK to a stand-in on 127.0.0.1 (the SDK's
/// HttpClient handler sends there): the exact request, and Twilio's errors classified into retries and dead letters.
public sealed class TwilioSdkTests : IAsyncLifetime
{
    private const string Objection = "objection.recorded/v1";
    private const string MessagesPath = "/2010-04-01/Accounts/ACtest/Messages.json";
    private StubServer _twilio = null!;
    private TestHub _hub = null!;
    private Func<CapturedRequest, int, (int, IDictionary<string, string>?, string?)> _answers = (_, _) => (201, null, Created);

    private const string Created = """{"sid":"SM00000000000000000000000000000001","status":"queued","account_sid":"ACtest"}""";

    private static string Error(int status, int code, string message) =>
        $$"""{"code":{{code}},"message":"{{message}}","more_info":"https://www.twilio.com/docs/errors/{{code}}","status":{{status}}}""";

    public async Task InitializeAsync()
    {
        _twilio = await StubServer.StartAsync((request, n) => _answers(request, n));
        _hub = await TestHub.StartAsync(extra: Settings(twilio: _twilio));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    private async Task<JsonTarget> BanSmsAsync(string tenantId, string phone)
    {
        using var tenant = await _hub.CreateTenantAsync(tenantId, ConnectedTenant(tenantId));
        await tenant.ContactPointsAsync("s1", [], [phone]);
        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "sms", source = "customer-service" });
        var target = Target(await SettledAsync(tenant, 1), Objection, "sms");
        return new(target.GetProperty("status").GetString()!, target.GetProperty("attempts").GetInt32(), target.TryGetProperty("lastError", out var e) ? e.GetString() : null);
    }

    private sealed record JsonTarget(string Status, int Attempts, string? LastError);

    [Fact]
    public async Task The_opt_out_confirmation_is_a_Messages_json_form_post_with_Basic_auth_of_the_tenants_account()
    {
        var target = await BanSmsAsync("tw-ok", "040 555 0201");

        Assert.Equal(("succeeded", 1), (target.Status, target.Attempts));
        var sent = Assert.Single(_twilio.Requests);
        Assert.Equal(("POST", MessagesPath), (sent.Method, sent.Path));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ACtest:twilio-token")), sent.Headers["Authorization"]);
        Assert.StartsWith("application/x-www-form-urlencoded", sent.Headers["Content-Type"], StringComparison.Ordinal);
        var form = QueryHelpers.ParseQuery(sent.Body);
        Assert.Equal(["Body", "From", "To"], form.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("+358405550201", "+358401112222"), (form["To"].ToString(), form["From"].ToString()));
        Assert.Contains("suoramarkkinointikielto", form["Body"].ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_429_is_retried_and_succeeds()
    {
        _answers = (_, n) => n == 1 ? (429, null, Error(429, 20429, "Too Many Requests")) : (201, null, Created);

        var target = await BanSmsAsync("tw-429", "040 555 0202");

        Assert.Equal(("succeeded", 2), (target.Status, target.Attempts));
        Assert.Equal(2, _twilio.Requests.Count);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_no_sooner_than_Twilio_asked()
    {
        // The backoff alone would retry within a tenth of a second (PropagationKit.Settings: BaseDelay); Twilio asks for three.
        _answers = (_, n) => n == 1 ? (429, new Dictionary<string, string> { ["Retry-After"] = "3" }, Error(429, 20429, "Too Many Requests")) : (201, null, Created);

        var target = await BanSmsAsync("tw-429-after", "040 555 0207");

        Assert.Equal(("succeeded", 2), (target.Status, target.Attempts));
        var (first, second) = (_twilio.Requests[0].At, _twilio.Requests[1].At);
        Assert.True(second - first >= TimeSpan.FromSeconds(2.9), $"retried {(second - first).TotalSeconds:0.00} s after a Retry-After of 3 s");
    }

    [Fact]
    public async Task A_5xx_is_retried_until_the_attempts_run_out()
    {
        _answers = (_, _) => (503, null, Error(503, 20500, "Service unavailable"));

        var target = await BanSmsAsync("tw-503", "040 555 0203");

        Assert.Equal(("dead-lettered", 3), (target.Status, target.Attempts));
        Assert.Contains("503", target.LastError);
    }

    [Fact]
    public async Task A_400_is_dead_lettered_at_once_with_Twilios_error_code()
    {
        _answers = (_, _) => (400, null, Error(400, 21211, "The 'To' number is not a valid phone number."));

        var target = await BanSmsAsync("tw-400", "040 555 0204");

        Assert.Equal(("dead-lettered", 1), (target.Status, target.Attempts));
        Assert.Contains("21211", target.LastError);
        Assert.Single(_twilio.Requests);
    }

    [Fact]
    public async Task A_number_that_replied_STOP_to_the_sender_needs_no_confirmation_and_is_done()
    {
        _answers = (_, _) => (400, null, Error(400, 21610, "Attempt to send to unsubscribed recipient"));

        var target = await BanSmsAsync("tw-stop", "040 555 0205");

        Assert.Equal(("succeeded", 1), (target.Status, target.Attempts));
    }

    [Fact]
    public async Task A_connection_that_fails_is_retried_until_the_attempts_run_out()
    {
        var closed = await StubServer.StartAsync();
        var address = closed.BaseAddress;
        await closed.DisposeAsync();   // nothing listens there any more
        var settings = Settings();
        settings["ConsentHub:Twilio:BaseUrl"] = address.ToString();
        await using var hub = await TestHub.StartAsync(extra: settings);
        using var tenant = await hub.CreateTenantAsync("tw-down", ConnectedTenant("tw-down"));
        await tenant.ContactPointsAsync("s1", [], ["040 555 0206"]);

        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "sms" });
        var target = Target(await SettledAsync(tenant, 1), Objection, "sms");

        Assert.Equal(("dead-lettered", 3), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        Assert.Contains("connection failed", target.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }
}
