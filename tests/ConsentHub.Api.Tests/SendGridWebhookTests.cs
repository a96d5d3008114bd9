using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts.Events;

namespace ConsentHub.Api.Tests;

/// SendGrid's signed Event Webhook with a real P-256 key pair made here; the tenant holds the public half.
public sealed class SendGridWebhookTests : IAsyncLifetime
{
    private const string Path = "/api/v1/sg/webhooks/sendgrid";
    private readonly ECDsa _sendgrid = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private TestHub _hub = null!;
    private TenantHandle _t = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _t = await _hub.CreateTenantAsync("sg", Providers.Tenant("sg", sendgridPublicKey: Convert.ToBase64String(_sendgrid.ExportSubjectPublicKeyInfo())));
    }

    public async Task DisposeAsync()
    {
        _t.Dispose();
        await _hub.DisposeAsync();
        _sendgrid.Dispose();
    }

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private string Sign(string timestamp, string body, ECDsa? key = null) =>
        Convert.ToBase64String((key ?? _sendgrid).SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    private async Task<HttpResponseMessage> PostAsync(string body, string? timestamp = null, string? signature = null, string path = Path)
    {
        timestamp ??= Now();
        using var client = _hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", signature ?? Sign(timestamp, body));
        return await client.SendAsync(request);
    }

    private static string Event(string type, string email, string id, int? group = null) =>
        $$"""{"email":"{{email}}","timestamp":1767225600,"event":"{{type}}","sg_event_id":"{{id}}","sg_message_id":"msg-{{id}}"{{(group is null ? "" : $",\"asm_group_id\":{group}")}}}""";

    private static string Batch(params string[] events) => "[" + string.Join(",\n", events) + "]\r\n";

    private async Task<int> FeedCountAsync() => (await _t.Client.GetJsonAsync("/api/v1/sg/events")).GetProperty("events").GetArrayLength();

    [Fact]
    public async Task A_signed_batch_records_the_opt_outs_it_reports_and_checks_see_them_at_once()
    {
        Assert.Equal([(true, "no-objection")], await _t.Client.CheckAsync("sg", "direct-marketing", "email", "matti@example.fi"));

        using var response = await PostAsync(Batch(
            Event("unsubscribe", " matti@Example.FI", "ev-1"),
            Event("group_unsubscribe", "liisa@example.fi", "ev-2", Providers.WeeklyGroup),
            Event("spamreport", "pekka@example.fi", "ev-3"),
            Event("delivered", "anna@example.fi", "ev-4"),
            Event("group_unsubscribe", "olli@example.fi", "ev-5", 999)));   // a group no list of the tenant names

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(
            [(false, "direct-marketing-prohibited"), (false, "direct-marketing-prohibited"), (true, "no-objection")],
            await _t.Client.CheckAsync("sg", "direct-marketing", "email", "matti@example.fi", "pekka@example.fi", "anna@example.fi"));
        Assert.Equal([(false, "unsubscribed"), (false, "not-subscribed")],
            await _t.Client.CheckAsync("sg", "newsletter:weekly", "email", "liisa@example.fi", "olli@example.fi"));
        // The statements came from SendGrid: the propagation must not send them back there.
        var recorded = (await _hub.LedgerEventsAsync("sg")).Where(e => e is not LedgerEvent.ContactIdentified).ToList();
        Assert.Equal(3, recorded.Count);
        Assert.All(recorded, e => Assert.Equal("sendgrid", e.Meta.Source));
        Assert.Equal(3, await FeedCountAsync());
    }

    [Fact]
    public async Task A_batch_sent_again_records_nothing_new()
    {
        var batch = Batch(Event("unsubscribe", "toisto@example.fi", "ev-10"), Event("group_unsubscribe", "toisto@example.fi", "ev-11", Providers.OffersGroup));
        using (var first = await PostAsync(batch)) Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        var after = await FeedCountAsync();

        using var again = await PostAsync(batch);

        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(after, await FeedCountAsync());
        Assert.Equal(2, after);
    }

    [Fact]
    public async Task A_resubscribe_in_sendgrid_makes_the_list_reach_the_address_again()
    {
        using (var left = await PostAsync(Batch(Event("group_unsubscribe", "palaaja@example.fi", "ev-20", Providers.WeeklyGroup))))
            Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        Assert.Equal([(false, "unsubscribed")], await _t.Client.CheckAsync("sg", "newsletter:weekly", "email", "palaaja@example.fi"));

        using var back = await PostAsync(Batch(Event("group_resubscribe", "palaaja@example.fi", "ev-21", Providers.WeeklyGroup)));

        Assert.Equal(HttpStatusCode.NoContent, back.StatusCode);
        Assert.Equal([(true, "subscribed")], await _t.Client.CheckAsync("sg", "newsletter:weekly", "email", "palaaja@example.fi"));
    }

    [Fact]
    public async Task A_modified_payload_is_401_and_records_nothing()
    {
        var timestamp = Now();
        var signed = Batch(Event("delivered", "victim@example.fi", "ev-30"));
        var sent = Batch(Event("unsubscribe", "victim@example.fi", "ev-30"));

        using var response = await PostAsync(sent, timestamp, Sign(timestamp, signed));

        var problem = await response.AssertProblemAsync(401);
        Assert.Equal("https://consenthub.fi/problems/invalid-signature", problem.GetProperty("type").GetString());
        Assert.Equal([(true, "no-objection")], await _t.Client.CheckAsync("sg", "direct-marketing", "email", "victim@example.fi"));
        Assert.Equal(0, await FeedCountAsync());
    }

    [Fact]
    public async Task A_modified_timestamp_is_401_and_records_nothing()
    {
        var body = Batch(Event("unsubscribe", "victim@example.fi", "ev-31"));
        var timestamp = Now();

        using var response = await PostAsync(body, (long.Parse(timestamp, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture), Sign(timestamp, body));

        await response.AssertProblemAsync(401);
        Assert.Equal(0, await FeedCountAsync());
    }

    [Fact]
    public async Task A_correctly_signed_but_stale_batch_is_401()
    {
        var stale = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        using var response = await PostAsync(Batch(Event("unsubscribe", "victim@example.fi", "ev-32")), stale);

        await response.AssertProblemAsync(401);
        Assert.Equal(0, await FeedCountAsync());
    }

    [Fact]
    public async Task A_missing_signature_or_another_key_is_401()
    {
        var body = Batch(Event("unsubscribe", "victim@example.fi", "ev-33"));
        using var someoneElse = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var timestamp = Now();
        using var client = _hub.Client();

        using var unsigned = await client.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));
        using var forged = await PostAsync(body, timestamp, Sign(timestamp, body, someoneElse));
        using var garbage = await PostAsync(body, timestamp, "not base64 at all");

        await unsigned.AssertProblemAsync(401);
        await forged.AssertProblemAsync(401);
        await garbage.AssertProblemAsync(401);
        Assert.Equal(0, await FeedCountAsync());
    }

    [Fact]
    public async Task A_tenant_without_a_webhook_key_accepts_no_sendgrid_reports()
    {
        using var plain = await _hub.CreateTenantAsync("sg-plain");
        using var response = await PostAsync(Batch(Event("unsubscribe", "a@example.fi", "ev-40")), path: "/api/v1/sg-plain/webhooks/sendgrid");
        await response.AssertProblemAsync(401);
    }

    [Fact]
    public async Task A_webhook_key_that_is_not_a_p256_public_key_is_refused_when_the_tenant_is_defined()
    {
        using var rsa = RSA.Create(2048);
        using var op = _hub.Operator();
        foreach (var key in new[] { "not-base64!", Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()) })
        {
            using var response = await op.PutAsJsonAsync("/api/v1/admin/tenants/sg", Providers.Tenant("sg", sendgridPublicKey: key));
            var problem = await response.AssertProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty("sendgrid.webhookPublicKey", out _), problem.ToString());
        }
    }
}
