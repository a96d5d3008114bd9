using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts.Events;

namespace ConsentHub.Api.Tests;

/// Inbound SMS from Twilio, signed with the tenant's auth token as Twilio signs them.
public sealed class TwilioWebhookTests : IAsyncLifetime
{
    private const string Token = "twilio-auth-token-for-tests";
    private TestHub _hub = null!;
    private TenantHandle _fi = null!;
    private TenantHandle _en = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _fi = await _hub.CreateTenantAsync("tw", Providers.Tenant("tw", twilioAuthToken: Token));
        _en = await _hub.CreateTenantAsync("tw-en", Providers.Tenant("tw-en", twilioAuthToken: Token, defaultLanguage: "en"));
    }

    public async Task DisposeAsync()
    {
        _fi.Dispose();
        _en.Dispose();
        await _hub.DisposeAsync();
    }

    /// Twilio's scheme, written out independently of the hub: URL, then the parameters sorted by name as name+value.
    public static string Sign(string token, string url, IReadOnlyDictionary<string, string> form)
    {
        var data = url + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
#pragma warning disable CA5350 // Twilio's own algorithm
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data)));
#pragma warning restore CA5350
    }

    private static Dictionary<string, string> Sms(string from, string body, string sid) => new()
    {
        ["MessageSid"] = sid,
        ["SmsSid"] = sid,
        ["AccountSid"] = "AC00000000000000000000000000000000",
        ["From"] = from,
        ["To"] = "+358401110000",
        ["Body"] = body,
        ["NumMedia"] = "0",
    };

    private async Task<HttpResponseMessage> PostAsync(string tenant, Dictionary<string, string> form, string? signature = null, string? signedUrl = null, Dictionary<string, string>? signedForm = null)
    {
        var path = $"/api/v1/{tenant}/webhooks/twilio";
        signature ??= Sign(Token, signedUrl ?? new Uri(_hub.BaseAddress, path).ToString(), signedForm ?? form);
        using var client = _hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return await client.SendAsync(request);
    }

    private static async Task<string?> ReplyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var twiml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Response", twiml.Root!.Name.LocalName);
        return twiml.Root.Element("Message")?.Value;
    }

    private async Task<int> FeedCountAsync(TenantHandle t) => (await t.Client.GetJsonAsync($"/api/v1/{t.Id}/events")).GetProperty("events").GetArrayLength();

    [Fact]
    public async Task A_signed_STOP_records_an_sms_objection_for_the_sender_and_replies_in_the_tenants_language()
    {
        using var response = await PostAsync("tw", Sms("+358401234567", " stop ", "SM0001"));

        var reply = await ReplyAsync(response);
        Assert.Contains("suoramarkkinointi tähän numeroon on nyt kielletty", reply, StringComparison.Ordinal);
        Assert.Equal([(false, "direct-marketing-prohibited")], await _fi.Client.CheckAsync("tw", "direct-marketing", "sms", "040 123 4567"));
        Assert.Equal([(true, "no-objection")], await _fi.Client.CheckAsync("tw", "direct-marketing", "phone", "+358401234567"));   // SMS only
        var recorded = Assert.Single((await _hub.LedgerEventsAsync("tw")).OfType<LedgerEvent.ObjectionRecorded>());
        Assert.Equal(("direct-marketing", "sms", "twilio"), (recorded.Scope, recorded.Channel, recorded.Meta.Source));
    }

    [Fact]
    public async Task A_wrong_signature_is_403_and_records_nothing()
    {
        using var wrongToken = await PostAsync("tw", Sms("+358401234568", "STOP", "SM0002"),
            signature: Sign("another-token", new Uri(_hub.BaseAddress, "/api/v1/tw/webhooks/twilio").ToString(), Sms("+358401234568", "STOP", "SM0002")));
        using var tampered = await PostAsync("tw", Sms("+358401234568", "STOP", "SM0003"), signedForm: Sms("+358401234568", "Kiitos!", "SM0003"));
        using var otherUrl = await PostAsync("tw", Sms("+358401234568", "STOP", "SM0004"), signedUrl: "https://elsewhere.example/api/v1/tw/webhooks/twilio");
        using var unsigned = await PostAsync("tw", Sms("+358401234568", "STOP", "SM0005"), signature: "");

        foreach (var response in new[] { wrongToken, tampered, otherUrl, unsigned })
        {
            var problem = await response.AssertProblemAsync(403);
            Assert.Equal("https://consenthub.fi/problems/invalid-signature", problem.GetProperty("type").GetString());
        }
        Assert.Equal([(true, "no-objection")], await _fi.Client.CheckAsync("tw", "direct-marketing", "sms", "+358401234568"));
        Assert.Equal(0, await FeedCountAsync(_fi));
    }

    [Fact]
    public async Task START_after_STOP_lifts_the_objection_again()
    {
        using (var stop = await PostAsync("tw", Sms("+358401234569", "UNSUBSCRIBE", "SM0010"))) await ReplyAsync(stop);
        Assert.Equal([(false, "direct-marketing-prohibited")], await _fi.Client.CheckAsync("tw", "direct-marketing", "sms", "+358401234569"));

        using var start = await PostAsync("tw", Sms("+358401234569", "Start", "SM0011"));

        Assert.Contains("on peruttu", await ReplyAsync(start), StringComparison.Ordinal);
        Assert.Equal([(true, "no-objection")], await _fi.Client.CheckAsync("tw", "direct-marketing", "sms", "+358401234569"));
    }

    [Fact]
    public async Task LOPETA_is_answered_in_Finnish_even_where_the_tenant_speaks_English()
    {
        using var lopeta = await PostAsync("tw-en", Sms("+358401234570", "Lopeta", "SM0020"));
        using var stop = await PostAsync("tw-en", Sms("+358401234571", "STOP", "SM0021"));

        Assert.Contains("kielletty", await ReplyAsync(lopeta), StringComparison.Ordinal);
        Assert.Contains("direct marketing to this number is now prohibited", await ReplyAsync(stop), StringComparison.Ordinal);
        Assert.Equal([(false, "direct-marketing-prohibited"), (false, "direct-marketing-prohibited")],
            await _en.Client.CheckAsync("tw-en", "direct-marketing", "sms", "+358401234570", "+358401234571"));
    }

    [Fact]
    public async Task Other_messages_get_an_empty_reply_and_record_nothing()
    {
        using var response = await PostAsync("tw", Sms("+358401234572", "Please stop calling me at dinner", "SM0030"));

        Assert.Null(await ReplyAsync(response));
        Assert.Equal(0, await FeedCountAsync(_fi));
    }

    [Fact]
    public async Task Twilio_retrying_the_same_message_records_it_once()
    {
        using (var first = await PostAsync("tw", Sms("+358401234573", "QUIT", "SM0040"))) await ReplyAsync(first);
        using (var retry = await PostAsync("tw", Sms("+358401234573", "QUIT", "SM0040"))) await ReplyAsync(retry);

        Assert.Single((await _hub.LedgerEventsAsync("tw")).OfType<LedgerEvent.ObjectionRecorded>());
    }

    [Fact]
    public async Task Behind_a_proxy_the_signature_is_checked_over_the_configured_public_url()
    {
        await using var hub = await TestHub.StartAsync(extra: new Dictionary<string, string?> { ["ConsentHub:PublicBaseUrl"] = "https://hub.example.fi/" });
        using var t = await hub.CreateTenantAsync("tw", Providers.Tenant("tw", twilioAuthToken: Token));
        var form = Sms("+358401234574", "STOP", "SM0050");
        using var client = hub.Client();

        async Task<HttpResponseMessage> PostSignedOver(string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tw/webhooks/twilio?via=proxy") { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("X-Twilio-Signature", Sign(Token, url, form));
            return await client.SendAsync(request);
        }

        using var own = await PostSignedOver(new Uri(hub.BaseAddress, "/api/v1/tw/webhooks/twilio?via=proxy").ToString());
        using var configured = await PostSignedOver("https://hub.example.fi/api/v1/tw/webhooks/twilio?via=proxy");

        await own.AssertProblemAsync(403);
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
    }
}
