using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// The other half of marketing groups: a person who leaves one of the tenant's marketing groups in SendGrid (the
/// unsubscribe link of a marketing mail sent with that group) has banned marketing e-mail, and rejoining lifts it.
/// Nothing goes back to SendGrid for it: the change came from there.
public sealed class SendGridMarketingUnsubscribeTests : IAsyncLifetime
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private StubServer _sendGrid = null!;
    private TestHub _hub = null!;
    private TenantHandle _t = null!;

    public async Task InitializeAsync()
    {
        _sendGrid = await StubServer.StartAsync();
        _hub = await TestHub.StartAsync(extra: PropagationKit.Settings(_sendGrid));
        _t = await _hub.CreateTenantAsync("sg-mg", Providers.Tenant("sg-mg", sendgridPublicKey: Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo())));
    }

    public async Task DisposeAsync()
    {
        _t.Dispose();
        await _hub.DisposeAsync();
        await _sendGrid.DisposeAsync();
        _key.Dispose();
    }

    private async Task PostEventAsync(string type, string email, string id, long group)
    {
        var body = $$"""[{"email":"{{email}}","timestamp":1767225600,"event":"{{type}}","sg_event_id":"{{id}}","asm_group_id":{{group}}}]""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var client = _hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sg-mg/webhooks/sendgrid") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature",
            Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Leaving_a_marketing_group_bans_marketing_email_and_rejoining_lifts_it()
    {
        await PostEventAsync("group_unsubscribe", "ryhma@example.fi", "mg-1", Catalogs.MarketingGroups[1]);

        Assert.Equal([(false, "direct-marketing-prohibited")], await _t.Client.CheckAsync("sg-mg", "direct-marketing", "email", "ryhma@example.fi"));
        Assert.Equal([(true, "service-notice")], await _t.Client.CheckAsync("sg-mg", "service-notices", "email", "ryhma@example.fi"));

        await PostEventAsync("group_resubscribe", "ryhma@example.fi", "mg-2", Catalogs.MarketingGroups[1]);

        Assert.Equal([(true, "no-objection")], await _t.Client.CheckAsync("sg-mg", "direct-marketing", "email", "ryhma@example.fi"));
        await Task.Delay(500);   // the worker polls every 50 ms: time enough to have called SendGrid, were it going to
        Assert.Empty(_sendGrid.Requests);
    }

    [Fact]
    public async Task Leaving_a_group_the_tenant_does_not_name_records_nothing()
    {
        await PostEventAsync("group_unsubscribe", "vieras@example.fi", "mg-3", 999);

        Assert.Equal([(true, "no-objection")], await _t.Client.CheckAsync("sg-mg", "direct-marketing", "email", "vieras@example.fi"));
    }
}
