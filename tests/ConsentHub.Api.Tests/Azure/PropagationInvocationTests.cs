using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Azure.Core;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Api.Tests.Azure;

/// The Service Bus triggers on the propagation topic, as the host invokes them.
public sealed class PropagationInvocationTests
{
    private sealed class ScriptedRunner(DeliveryResult result) : IPropagationRunner
    {
        public ConcurrentQueue<(string Tenant, string PropagationId, string Target)> Calls { get; } = new();

        public Task<DeliveryResult> RunAsync(string tenant, string propagationId, string target, CancellationToken ct)
        {
            Calls.Enqueue((tenant, propagationId, target));
            return Task.FromResult(result);
        }
    }

    /// A Service Bus message as the host hands it to a custom handler: the body as a JSON string, and the metadata.
    private static string Message(string body, int deliveryCount) => JsonSerializer.Serialize(new
    {
        Data = new { message = body },
        Metadata = new
        {
            DeliveryCount = deliveryCount,
            MessageId = "m-1",
            EnqueuedTimeUtc = "2026-05-04T10:00:00Z",
            UserProperties = new { kind = "sendgrid" },
            sys = new { MethodName = "PropagateSendgrid", UtcNow = "2026-05-04T10:00:01Z" },
        },
    });

    private const string Task1 = """{"tenant":"kauppa","propagationId":"p-1","target":"sendgrid"}""";

    [Fact]
    public async Task The_engine_runs_a_task_the_host_delivers_and_a_redelivery_does_nothing()
    {
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost(new Dictionary<string, string?> { ["ConsentHub:Propagation:Enabled"] = "false" }));
        using var tenant = await hub.CreateTenantAsync("sb");
        (await tenant.Client.PutAsync("/api/v1/sb/subjects/s1/contact-points", Http.JsonBody("""{"emails":["sb@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await tenant.Client.PostJsonAsync("/api/v1/sb/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        await hub.Services.GetRequiredService<PropagationStarter>().RunOnceAsync(default);
        var started = (await tenant.Client.GetJsonAsync("/api/v1/sb/propagations")).GetProperty("items")[0];
        var task = JsonSerializer.Serialize(new { tenant = "sb", propagationId = started.GetProperty("id").GetString(), target = "sendgrid" });

        using var first = await hub.HostClient().PostAsync("/PropagateSendgrid", Http.JsonBody(Message(task, 1)));
        using var redelivered = await hub.HostClient().PostAsync("/PropagateSendgrid", Http.JsonBody(Message(task, 2)));

        Assert.Equal("accepted", (await first.JsonAsync()).GetProperty("ReturnValue").GetString());
        Assert.Equal("accepted", (await redelivered.JsonAsync()).GetProperty("ReturnValue").GetString());
        var target = (await tenant.Client.GetJsonAsync("/api/v1/sb/propagations")).GetProperty("items")[0].GetProperty("targets")[0];
        Assert.Equal(("succeeded", 1), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        Assert.Contains("sb@example.fi", File.ReadAllText(Path.Combine(hub.DataDir, "outbox", "sendgrid.jsonl")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivered_task_completes_and_its_log_counts_the_delivery()
    {
        var runner = new ScriptedRunner(new DeliveryResult.Accepted("sg-123"));
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost(), services: s => s.AddSingleton<IPropagationRunner>(runner));
        using var response = await hub.HostClient().PostAsync("/PropagateSendgrid", Http.JsonBody(Message(Task1, 3)));
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("kauppa", "p-1", "sendgrid"), Assert.Single(runner.Calls));
        Assert.Equal("accepted", body.GetProperty("ReturnValue").GetString());
        Assert.Contains("sg-123", body.GetProperty("Logs")[0].GetString());
        Assert.Contains("attempt 3", body.GetProperty("Logs")[0].GetString());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
    }

    [Fact]
    public async Task A_transient_failure_schedules_the_next_attempt_through_Service_Bus_and_completes()
    {
        var runner = new ScriptedRunner(new DeliveryResult.Transient("429", TimeSpan.FromMinutes(2)));
        await using var bus = await StubServiceBus.StartAsync();
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost(new Dictionary<string, string?> { ["ConsentHub:ServiceBus:Namespace"] = bus.Endpoint.ToString() }),
            services: s => s.AddSingleton<IPropagationRunner>(runner).AddSingleton<TokenCredential>(new FixedToken("mi-token")));
        var before = DateTimeOffset.UtcNow;

        using var response = await hub.HostClient().PostAsync("/PropagateWebhook",
            Http.JsonBody(Message("""{"tenant":"kauppa","propagationId":"p-2","target":"webhook:crm","attempt":1}""", 2)));
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("retry-scheduled", body.GetProperty("ReturnValue").GetString());
        Assert.Single(runner.Calls);
        Assert.Contains("attempt 3", body.GetProperty("Logs")[0].GetString());   // one scheduled retry before, second delivery of this message
        var sent = Assert.Single(bus.Messages);
        Assert.Equal(("propagation", "Bearer mi-token", "\"webhook\""), (sent.Topic, sent.Authorization, sent.Kind));
        var broker = JsonDocument.Parse(sent.BrokerProperties!).RootElement;
        Assert.Equal("p-2/webhook:crm/2", broker.GetProperty("MessageId").GetString());
        var at = DateTimeOffset.Parse(broker.GetProperty("ScheduledEnqueueTimeUtc").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before.AddMinutes(2).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(2).AddSeconds(1));
        Assert.Equal(2, JsonDocument.Parse(sent.Body).RootElement.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task A_transient_failure_with_no_way_to_schedule_fails_the_invocation()
    {
        var runner = new ScriptedRunner(new DeliveryResult.Transient("timeout"));
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost(), services: s => s.AddSingleton<IPropagationRunner>(runner));
        using var response = await hub.HostClient().PostAsync("/PropagateSms", Http.JsonBody(Message("""{"tenant":"k","propagationId":"p","target":"sms"}""", 1)));
        await response.AssertProblemAsync(503);
    }

    [Fact]
    public async Task A_permanent_failure_completes_without_a_retry()
    {
        var runner = new ScriptedRunner(new DeliveryResult.Permanent("400 invalid group"));
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost(), services: s => s.AddSingleton<IPropagationRunner>(runner));
        using var response = await hub.HostClient().PostAsync("/PropagateSendgrid", Http.JsonBody(Message(Task1, 1)));
        Assert.Equal("permanent", (await response.JsonAsync()).GetProperty("ReturnValue").GetString());
    }

    [Theory]
    [InlineData("/PropagateSendgrid", """{"tenant":"k","propagationId":"p","target":"sms"}""")]
    [InlineData("/PropagateSendgrid", """{"tenant":"k","target":"sendgrid"}""")]
    [InlineData("/PropagateSendgrid", "not json")]
    public async Task A_message_that_is_not_a_task_of_this_subscription_fails_and_reaches_the_dead_letter_queue_in_time(string route, string body)
    {
        var runner = new ScriptedRunner(new DeliveryResult.Accepted());
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost(), services: s => s.AddSingleton<IPropagationRunner>(runner));
        using var response = await hub.HostClient().PostAsync(route, Http.JsonBody(Message(body, 1)));
        await response.AssertProblemAsync(400);
        Assert.Empty(runner.Calls);
    }
}
