using System.Text.Json;
using Azure.Messaging.ServiceBus;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PropagationKit;

namespace ConsentHub.Api.Tests;

/// The `servicebus` target through the hub (real server, SQLite, changes recorded over HTTP): each change's CloudEvent
/// handed to the `preference-events` ServiceBusSender (an NSubstitute substitute, as there is no local Service Bus),
/// and the SDK's exceptions classified into retries and dead letters.
public sealed class ServiceBusTopicTests : IAsyncLifetime
{
    private const string Objection = "objection.recorded/v1";
    private readonly CapturingServiceBus _bus = new();
    private TestHub _hub = null!;
    private TenantHandle _tenant = null!;

    public async Task InitializeAsync()
    {
        var settings = Settings();
        foreach (var (key, value) in CapturingServiceBus.Settings) settings[key] = value;
        _hub = await TestHub.StartAsync(extra: settings, services: _bus.Register);
        _tenant = await _hub.CreateTenantAsync("bus");
        await _tenant.ContactPointsAsync("s1", ["vayla@example.fi"]);
        await SettledAsync(_tenant, 1);   // the contact points' send is the first, whatever the worker's order of the two changes
    }

    public async Task DisposeAsync()
    {
        _tenant.Dispose();
        await _hub.DisposeAsync();
    }

    private async Task<JsonElement> ObjectAsync()
    {
        await _tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email" });
        return Target(await SettledAsync(_tenant, 2), Objection, "servicebus");
    }

    [Fact]
    public async Task Each_change_goes_to_the_topic_as_its_CloudEvent_with_the_event_id_as_MessageId_and_filterable_properties()
    {
        var target = await ObjectAsync();

        Assert.Equal(("succeeded", 1), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        var pulled = await _tenant.Client.CloudEventsAsync(_tenant.Id);
        Assert.Equal(2, _bus.Messages.Count);   // the contact points, then the objection
        foreach (var message in _bus.Messages)
        {
            var body = JsonDocument.Parse(message.Body.ToString()).RootElement;
            var id = body.GetProperty("id").GetString();
            Assert.Equal(id, message.MessageId);
            Assert.Equal("application/cloudevents+json", message.ContentType);
            Assert.Equal(body.GetProperty("type").GetString(), message.ApplicationProperties["type"]);
            Assert.Equal("bus", message.ApplicationProperties["tenant"]);
            Assert.Equal("s1", message.ApplicationProperties["subject"]);
            // The same CloudEvent a CRM pulls from /events and receives by webhook.
            Assert.Equal(pulled.Single(e => e.GetProperty("id").GetString() == id).ToString(), body.ToString());
        }
        var objection = _bus.Messages.Last();
        Assert.Equal("consenthub.objection.recorded.v1", objection.Subject);
        Assert.Equal("/tenants/bus", JsonDocument.Parse(objection.Body.ToString()).RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_busy_namespace_is_retried_and_the_retry_carries_the_same_MessageId()
    {
        _bus.Fail = n => n is 2 or 3 ? new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy) : null;

        var target = await ObjectAsync();

        Assert.Equal(("succeeded", 3), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        Assert.Equal(4, _bus.Sends);
        Assert.Equal(_bus.Messages.Select(m => m.MessageId).Distinct().Count(), _bus.Messages.Count);
    }

    [Theory]
    [InlineData(ServiceBusFailureReason.QuotaExceeded, false)]
    [InlineData(ServiceBusFailureReason.ServiceCommunicationProblem, true)]
    [InlineData(ServiceBusFailureReason.ServiceTimeout, true)]
    public async Task Failures_a_retry_can_heal_are_retried_until_the_attempts_run_out(ServiceBusFailureReason reason, bool isTransient)
    {
        _bus.Fail = n => n > 1 ? new ServiceBusException(isTransient, "stub failure", null, reason) : null;

        var target = await ObjectAsync();

        Assert.Equal(("dead-lettered", 3), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        Assert.Contains(reason.ToString(), target.GetProperty("lastError").GetString());
    }

    public static TheoryData<Exception, string> Refusals => new()
    {
        { new ServiceBusException("too large", ServiceBusFailureReason.MessageSizeExceeded), "MessageSizeExceeded" },
        { new ServiceBusException("no topic", ServiceBusFailureReason.MessagingEntityNotFound), "MessagingEntityNotFound" },
        { new UnauthorizedAccessException("Unauthorized access. 'Send' claim(s) are required"), "Send" },
        { new ServiceBusException(false, "general", null, ServiceBusFailureReason.GeneralError), "GeneralError" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusals_a_retry_cannot_heal_are_dead_lettered_at_once(Exception refusal, string why)
    {
        _bus.Fail = n => n > 1 ? refusal : null;

        var target = await ObjectAsync();

        Assert.Equal(("dead-lettered", 1), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        Assert.Contains(why, target.GetProperty("lastError").GetString());
    }
}

/// Without `ConsentHub:ServiceBus:Namespace` the hub has no topic to publish to, and no change waits for one.
public sealed class ServiceBusTopicOffTests
{
    [Fact]
    public async Task Without_a_namespace_no_change_names_the_servicebus_target()
    {
        var bus = new CapturingServiceBus();
        await using var hub = await TestHub.StartAsync(extra: Settings(), services: bus.Register);
        using var tenant = await hub.CreateTenantAsync("nobus");
        await tenant.ContactPointsAsync("s1", ["ei@example.fi"]);
        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email" });

        var status = await SettledAsync(tenant, 1);

        Assert.DoesNotContain(status.GetProperty("items").EnumerateArray().SelectMany(i => i.GetProperty("targets").EnumerateArray()),
            t => t.GetProperty("target").GetString() == "servicebus");
        Assert.Equal(0, bus.Sends);
    }
}
