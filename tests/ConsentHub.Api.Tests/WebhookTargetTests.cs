using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Subscriptions;
using Microsoft.AspNetCore.Http;

namespace ConsentHub.Api.Tests;

/// Deliveries to a CRM: a stub CRM on 127.0.0.1 (allowed by configuration), the target called as the propagation
/// calls it, and the exact request it makes checked from the CRM's side.
public sealed class WebhookTargetTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> LocalCrm = new()
    {
        ["ConsentHub:Webhooks:AllowPrivateNetworks"] = "true",
        ["ConsentHub:Webhooks:RequireHttps"] = "false",
        ["ConsentHub:Webhooks:TimeoutSeconds"] = "2",
        // These tests call the target themselves; the engine's own deliveries are PropagationLoopTests' subject.
        ["ConsentHub:Propagation:Enabled"] = "false",
    };

    private readonly string _dataDir = TestHub.NewDataDir();
    private TestHub _hub = null!;
    private TenantHandle _t = null!;
    private StubServer _crm = null!;

    public async Task InitializeAsync()
    {
        _crm = await StubServer.StartAsync();
        _hub = await TestHub.StartAsync(_dataDir, extra: LocalCrm);
        _t = await _hub.CreateTenantAsync("crm");
    }

    public async Task DisposeAsync()
    {
        _t.Dispose();
        await _hub.DisposeAsync();
        await _crm.DisposeAsync();
    }

    private async Task<(string Id, string Secret)> SubscribeAsync(string url, params string[] types)
    {
        using var response = await _t.Client.PostJsonAsync("/api/v1/crm/subscriptions", new { url, types });
        var body = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    private async Task<ChangeContext> ObjectAsync(string subjectId)
    {
        (await _t.Client.PostJsonAsync($"/api/v1/crm/subjects/{subjectId}/objections", new { scope = "direct-marketing", channel = "email", source = "customer-service" })).EnsureSuccessStatusCode();
        return await _hub.LatestChangeAsync("crm", subjectId);
    }

    private WebhookTarget Target(TestHub? hub = null) =>
        Assert.Single((hub ?? _hub).Services.GetServices<IPropagationTarget>().OfType<WebhookTarget>());

    private void Answer(int status, string? retryAfter = null) => _crm.Respond = context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
        return Task.CompletedTask;
    };

    [Fact]
    public async Task A_delivery_posts_the_cloudevent_signed_per_Standard_Webhooks()
    {
        var (id, secret) = await SubscribeAsync(new Uri(_crm.BaseAddress, "/crm/hooks?token=abc").ToString(), "consenthub.objection.recorded.v1");
        var change = await ObjectAsync("crm-1001");
        var target = Target();
        Assert.Equal([$"webhook:{id}"], target.TargetsFor(change));
        Assert.True(target.Handles($"webhook:{id}"));

        var result = await target.DeliverAsync($"webhook:{id}", change, "dlv-0001", default);

        Assert.IsType<DeliveryResult.Accepted>(result);
        var request = Assert.Single(_crm.Requests);
        Assert.Equal(("POST", "/crm/hooks", "?token=abc"), (request.Method, request.Path, request.Query));
        Assert.StartsWith("application/cloudevents+json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("dlv-0001", request.Headers["webhook-id"]);
        var timestamp = long.Parse(request.Headers["webhook-timestamp"], CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp, 0, 60);
        // The CRM's check, written from the Standard Webhooks specification rather than from the hub's code.
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes($"dlv-0001.{timestamp}."), .. request.RawBody]));
        Assert.Contains(expected, request.Headers["webhook-signature"].Split(' '));
        // The body is the CloudEvent exactly as the pull feed shows it.
        var pushed = JsonNode.Parse(request.Body)!;
        var feed = (await _t.Client.GetJsonAsync("/api/v1/crm/events")).GetProperty("events").EnumerateArray()
            .Single(e => e.GetProperty("id").GetString() == change.Stored.EventId);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(feed.GetRawText()), pushed), $"pushed {pushed.ToJsonString()}\nfeed {feed.GetRawText()}");
        Assert.Equal("consenthub.objection.recorded.v1", pushed["type"]!.GetValue<string>());
        Assert.Equal("crm-1001", pushed["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retried_delivery_keeps_its_webhook_id()
    {
        var (id, _) = await SubscribeAsync(new Uri(_crm.BaseAddress, "/hooks").ToString());
        var change = await ObjectAsync("crm-1002");

        await Target().DeliverAsync($"webhook:{id}", change, "dlv-retry", default);
        await Target().DeliverAsync($"webhook:{id}", change, "dlv-retry", default);

        Assert.Equal(["dlv-retry", "dlv-retry"], _crm.Requests.Select(r => r.Headers["webhook-id"]));
        Assert.Equal(_crm.Requests[0].Body, _crm.Requests[^1].Body);
    }

    [Fact]
    public async Task Only_subscriptions_that_want_the_type_are_targets()
    {
        var (objections, _) = await SubscribeAsync(new Uri(_crm.BaseAddress, "/objections").ToString(), "consenthub.objection.recorded.v1");
        var (everything, _) = await SubscribeAsync(new Uri(_crm.BaseAddress, "/all").ToString());
        (await _t.Client.PostJsonAsync("/api/v1/crm/subjects/crm-1003/consents", new { purpose = "market-research", granted = true })).EnsureSuccessStatusCode();
        var consent = await _hub.LatestChangeAsync("crm", "crm-1003");

        Assert.Equal([$"webhook:{everything}"], Target().TargetsFor(consent));
        Assert.Empty(Target().TargetsFor(consent with { CloudEvent = null }));
        Assert.Equal(2, Target().TargetsFor(await ObjectAsync("crm-1003")).Count());
        Assert.DoesNotContain($"webhook:{objections}", Target().TargetsFor(consent));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    public async Task Server_errors_are_transient(int status)
    {
        var (id, _) = await SubscribeAsync(new Uri(_crm.BaseAddress, "/hooks").ToString());
        Answer(status);

        var result = await Target().DeliverAsync($"webhook:{id}", await ObjectAsync("crm-1004"), "dlv-5xx", default);

        var transient = Assert.IsType<DeliveryResult.Transient>(result);
        Assert.Contains(status.ToString(CultureInfo.InvariantCulture), transient.Why, StringComparison.Ordinal);
        Assert.Null(transient.RetryAfter);
    }

    [Fact]
    public async Task Too_many_requests_is_transient_after_the_time_the_CRM_names()
    {
        var (id, _) = await SubscribeAsync(new Uri(_crm.BaseAddress, "/hooks").ToString());
        Answer(429, "7");

        var result = await Target().DeliverAsync($"webhook:{id}", await ObjectAsync("crm-1005"), "dlv-429", default);

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.IsType<DeliveryResult.Transient>(result).RetryAfter);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(302)]
    public async Task Client_errors_and_redirects_are_permanent(int status)
    {
        var (id, _) = await SubscribeAsync(new Uri(_crm.BaseAddress, "/hooks").ToString());
        _crm.Respond = context =>
        {
            context.Response.StatusCode = status;
            if (status == 302) context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data";
            return Task.CompletedTask;
        };

        var result = await Target().DeliverAsync($"webhook:{id}", await ObjectAsync("crm-1006"), "dlv-4xx", default);

        Assert.IsType<DeliveryResult.Permanent>(result);
        Assert.Single(_crm.Requests);   // the redirect was not followed
    }

    [Fact]
    public async Task A_CRM_that_does_not_answer_in_time_or_cannot_be_reached_is_transient()
    {
        var (slow, _) = await SubscribeAsync(new Uri(_crm.BaseAddress, "/slow").ToString());
        _crm.Respond = async context => await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
        var closedPort = new Uri($"http://127.0.0.1:{FreePort()}/hooks");
        var (gone, _) = await SubscribeAsync(closedPort.ToString());
        var change = await ObjectAsync("crm-1007");

        var timedOut = await Target().DeliverAsync($"webhook:{slow}", change, "dlv-slow", default);
        var refused = await Target().DeliverAsync($"webhook:{gone}", change, "dlv-gone", default);

        Assert.Equal("timed out", Assert.IsType<DeliveryResult.Transient>(timedOut).Why);
        Assert.StartsWith("connection failed", Assert.IsType<DeliveryResult.Transient>(refused).Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscription_ended_before_its_delivery_is_done_without_calling_the_CRM()
    {
        var (id, _) = await SubscribeAsync(new Uri(_crm.BaseAddress, "/hooks").ToString());
        var change = await ObjectAsync("crm-1008");
        (await _t.Client.DeleteAsync($"/api/v1/crm/subscriptions/{id}")).EnsureSuccessStatusCode();

        var result = await Target().DeliverAsync($"webhook:{id}", change, "dlv-ended", default);

        Assert.Equal("subscription-ended", Assert.IsType<DeliveryResult.Accepted>(result).ProviderRef);
        Assert.Empty(_crm.Requests);
        Assert.Empty(Target().TargetsFor(change));
    }

    [Fact]
    public async Task The_address_policy_is_enforced_again_when_connecting()
    {
        var (id, _) = await SubscribeAsync(new Uri(_crm.BaseAddress, "/hooks").ToString());
        var apiKey = _t.ApiKey;
        _t.Dispose();
        await _hub.DisposeAsync();
        // The same subscription, but the operator has withdrawn the allowance (as a host that now resolves inward would be).
        _hub = await TestHub.StartAsync(_dataDir, extra: new Dictionary<string, string?> { ["ConsentHub:Webhooks:RequireHttps"] = "false", ["ConsentHub:Propagation:Enabled"] = "false" });
        _t = new TenantHandle("crm", apiKey, "", _hub.Client(apiKey));
        var change = await ObjectAsync("crm-1009");

        var result = await Target().DeliverAsync($"webhook:{id}", change, "dlv-policy", default);

        Assert.Contains("webhook policy", Assert.IsType<DeliveryResult.Permanent>(result).Why, StringComparison.Ordinal);
        Assert.Empty(_crm.Requests);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
