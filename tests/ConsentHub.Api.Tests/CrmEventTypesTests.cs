using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Newsletters;
using ConsentHub.Hub.Subscriptions;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// Every kind of change reaches a CRM: a subscription to all types, a person whose changes produce every CloudEvent type
/// a subscription can ask for (cookie choices included), each one arriving at a stub CRM by signed webhook and on the
/// `preference-events` topic (a substitute ServiceBusSender), as the same CloudEvent.
public sealed class CrmEventTypesTests : IAsyncLifetime
{
    private const string Email = "asiakas@example.fi";
    private readonly CapturingServiceBus _bus = new();
    private StubServer _crm = null!;
    private TestHub _hub = null!;
    private TenantHandle _t = null!;

    public async Task InitializeAsync()
    {
        _crm = await StubServer.StartAsync();
        var settings = new Dictionary<string, string?>(CapturingServiceBus.Settings)
        {
            ["ConsentHub:Webhooks:AllowPrivateNetworks"] = "true",
            ["ConsentHub:Webhooks:RequireHttps"] = "false",
        };
        _hub = await TestHub.StartAsync(extra: settings, services: _bus.Register);
        _t = await _hub.CreateTenantAsync("kaikki");
    }

    public async Task DisposeAsync()
    {
        _t.Dispose();
        await _hub.DisposeAsync();
        await _crm.DisposeAsync();
    }

    private async Task Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private Task<HashSet<string>> ArrivedAtCrmAsync(int count) => Eventually.HoldsAsync(
        () => Task.FromResult(_crm.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()!).ToHashSet()),
        types => types.Count >= count, TimeSpan.FromSeconds(30), $"{count} CloudEvent types at the CRM");

    [Fact]
    public async Task Every_CloudEvent_type_a_subscription_can_ask_for_arrives_by_webhook_and_on_the_topic()
    {
        string secret;
        using (var subscribed = await _t.Client.PostJsonAsync("/api/v1/kaikki/subscriptions", new { url = new Uri(_crm.BaseAddress, "/hooks/consent").ToString(), types = Array.Empty<string>() }))
            secret = (await subscribed.JsonAsync()).GetProperty("secret").GetString()!;
        var c = _t.Client;
        await Ok(c.PutAsync("/api/v1/kaikki/subjects/s1/contact-points", Http.JsonBody($$"""{"emails":["{{Email}}"],"phones":["040 555 0301"]}""")));
        await Ok(c.PostJsonAsync("/api/v1/kaikki/subjects/s1/consents", new { purpose = "market-research", channel = "email", granted = true }));
        await Ok(c.PostJsonAsync("/api/v1/kaikki/subjects/s1/consents", new { purpose = "market-research", channel = "email", granted = false }));
        await Ok(c.PostJsonAsync("/api/v1/kaikki/subjects/s1/objections", new { scope = "profiling", channel = "all" }));
        await Ok(c.PostJsonAsync("/api/v1/kaikki/subjects/s1/objections", new { scope = "profiling", channel = "all", lifted = true }));
        await Ok(c.PostJsonAsync("/api/v1/kaikki/newsletters/weekly/subscriptions", new { email = Email, language = "fi" }));
        var confirmation = await _hub.OutboxEmailAsync("kaikki", Email, ConfirmationMessages.Kind);
        var confirm = confirmation.Text.Split('\n').Single(l => l.StartsWith(_hub.BaseAddress + "c/", StringComparison.Ordinal));
        using var browser = _hub.Client();
        await Ok(browser.GetAsync(new Uri(confirm)));
        using (var link = await c.PostJsonAsync("/api/v1/kaikki/unsubscribe-links", new { email = Email, listId = "weekly" }))
            await Ok(browser.PostAsync(new Uri((await link.JsonAsync()).GetProperty("url").GetString()!), Form(("List-Unsubscribe", "One-Click"))));
        await Ok(c.PostJsonAsync("/api/v1/kaikki/subjects/s1/restriction", new { restricted = true, reason = "oikeellisuus kiistetty" }));
        await Ok(c.PostJsonAsync("/api/v1/kaikki/subjects/s1/visitors", new { visitorId = "v-kaikki-0001" }));
        using (var banner = await browser.SendAsync(Browser(HttpMethod.Post, "/api/v1/kaikki/banner/consents", _t.SiteKey,
            json: new { visitorId = "v-kaikki-0001", categories = new { analytics = true, marketing = false }, policyVersion = "2026-01-01", action = "save" })))
            Assert.Equal(HttpStatusCode.Created, banner.StatusCode);
        // Everything else first: an erasure leaves nothing of the person to put in the events still on their way.
        await ArrivedAtCrmAsync(CloudEventTypes.All.Count - 1);
        using (var erased = await c.DeleteAsync("/api/v1/kaikki/subjects/s1")) Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);

        var atCrm = await ArrivedAtCrmAsync(CloudEventTypes.All.Count);
        var onTopic = await Eventually.HoldsAsync(() => Task.FromResult(_bus.Messages.ToList()),
            messages => messages.Select(m => m.Subject).Distinct().Count() >= CloudEventTypes.All.Count, what: "every type on the topic");

        Assert.Equal(CloudEventTypes.All.Order(StringComparer.Ordinal), atCrm.Order(StringComparer.Ordinal));
        Assert.Equal(CloudEventTypes.All.Order(StringComparer.Ordinal), onTopic.Select(m => m.Subject).Distinct().Order(StringComparer.Ordinal));
        foreach (var request in _crm.Requests)
        {
            Assert.Equal(("POST", "/hooks/consent"), (request.Method, request.Path));
            Assert.StartsWith("application/cloudevents+json", request.Headers["Content-Type"], StringComparison.Ordinal);
            var (id, timestamp) = (request.Headers["webhook-id"], long.Parse(request.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(StandardWebhooks.Sign(secret, id, timestamp, request.RawBody), request.Headers["webhook-signature"]);
            var cloudEvent = JsonDocument.Parse(request.Body).RootElement;
            var published = onTopic.Single(m => m.MessageId == cloudEvent.GetProperty("id").GetString());
            Assert.Equal(cloudEvent.ToString(), JsonDocument.Parse(published.Body.ToString()).RootElement.ToString());
        }
        var cookies = JsonDocument.Parse(_crm.Requests.Single(r => r.Body.Contains("consenthub.cookies.recorded.v1", StringComparison.Ordinal)).Body).RootElement;
        Assert.Equal(("s1", "/tenants/kaikki"), (cookies.GetProperty("subject").GetString(), cookies.GetProperty("source").GetString()));
        Assert.Equal("v-kaikki-0001", cookies.GetProperty("data").GetProperty("visitorId").GetString());
        Assert.False(cookies.GetProperty("data").GetProperty("categories").GetProperty("marketing").GetBoolean());
        Assert.True(cookies.GetProperty("data").GetProperty("categories").GetProperty("analytics").GetBoolean());
    }

    [Fact]
    public async Task A_cookie_choice_shows_in_the_status_route_with_its_webhook_and_topic_deliveries()
    {
        string id;
        using (var subscribed = await _t.Client.PostJsonAsync("/api/v1/kaikki/subscriptions", new { url = new Uri(_crm.BaseAddress, "/hooks/cookies").ToString(), types = new[] { "consenthub.cookies.recorded.v1" } }))
            id = (await subscribed.JsonAsync()).GetProperty("id").GetString()!;
        using var browser = _hub.Client();
        using (var banner = await browser.SendAsync(Browser(HttpMethod.Post, "/api/v1/kaikki/banner/consents", _t.SiteKey,
            json: new { visitorId = "v-kaikki-0002", categories = new { analytics = false, marketing = false }, policyVersion = "2026-01-01", action = "reject-all" })))
            Assert.Equal(HttpStatusCode.Created, banner.StatusCode);

        var status = await PropagationKit.SettledAsync(_t, 1);

        var item = Assert.Single(status.GetProperty("items").EnumerateArray());
        Assert.Equal("cookies.recorded/v1", item.GetProperty("changeType").GetString());
        Assert.Equal(["servicebus", $"webhook:{id}"], item.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("target").GetString()).Order(StringComparer.Ordinal));
        Assert.All(item.GetProperty("targets").EnumerateArray(), t => Assert.Equal("succeeded", t.GetProperty("status").GetString()));
        Assert.Single(_crm.Requests);
    }
}
