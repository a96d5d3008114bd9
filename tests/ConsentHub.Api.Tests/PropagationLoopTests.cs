using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// End to end through the engine: what comes back from a provider reaches the CRMs but never goes back to that provider.
public sealed class PropagationLoopTests
{
    private const string TwilioToken = "loop-twilio-token";

    [Fact]
    public async Task Opt_outs_from_SendGrid_and_Twilio_are_pushed_to_a_CRM_and_not_back_to_their_provider()
    {
        using var sendGridKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var sendGrid = await StubServer.AlwaysAsync(202);
        await using var twilio = await StubServer.AlwaysAsync(201);
        await using var crm = await StubServer.AlwaysAsync(204);
        await using var hub = await TestHub.StartAsync(extra: new Dictionary<string, string?>
        {
            ["ConsentHub:SendGrid:BaseUrl"] = sendGrid.BaseAddress.ToString(),
            ["ConsentHub:Twilio:BaseUrl"] = twilio.BaseAddress.ToString(),
            ["ConsentHub:Webhooks:AllowPrivateNetworks"] = "true",
            ["ConsentHub:Webhooks:RequireHttps"] = "false",
        });
        using var tenant = await hub.CreateTenantAsync("loop",
            Providers.Tenant("loop", Convert.ToBase64String(sendGridKey.ExportSubjectPublicKeyInfo()), TwilioToken));
        using var subscribed = await tenant.Client.PostAsJsonAsync("/api/v1/loop/subscriptions",
            new { url = new Uri(crm.BaseAddress, "/hooks").ToString(), types = new[] { "consenthub.objection.recorded.v1" } });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscription = "webhook:" + (await subscribed.JsonAsync()).GetProperty("id").GetString();

        using var stop = await PostTwilioAsync(hub, new() { ["MessageSid"] = "SM1", ["From"] = "+358401234567", ["To"] = "+358401110000", ["Body"] = "LOPETA" });
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        using var report = await PostSendGridAsync(hub, sendGridKey, """[{"email":"matti@example.fi","event":"spamreport","sg_event_id":"ev-1","timestamp":1700000000}]""");
        Assert.True(report.IsSuccessStatusCode, await report.Content.ReadAsStringAsync());

        var status = await Eventually.HoldsAsync(() => tenant.Client.GetJsonAsync("/api/v1/loop/propagations"),
            body => body.GetProperty("items").GetArrayLength() == 2 && body.GetProperty("items").EnumerateArray().All(i => i.GetProperty("completed").GetBoolean()),
            what: "both opt-outs propagated");
        Assert.All(status.GetProperty("items").EnumerateArray(), item =>
            Assert.Equal([subscription], item.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("target").GetString())));
        Assert.Equal(2, crm.Requests.Count);
        Assert.Empty(sendGrid.Requests);
        Assert.Empty(twilio.Requests);
    }

    private static async Task<HttpResponseMessage> PostTwilioAsync(TestHub hub, Dictionary<string, string> form)
    {
        const string path = "/api/v1/loop/webhooks/twilio";
        using var client = hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioWebhookTests.Sign(TwilioToken, new Uri(hub.BaseAddress, path).ToString(), form));
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostSendGridAsync(TestHub hub, ECDsa key, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        using var client = hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/loop/webhooks/sendgrid") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", signature);
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        return await client.SendAsync(request);
    }
}
