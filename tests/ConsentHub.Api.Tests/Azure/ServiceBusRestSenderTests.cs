using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.ServiceBus;

namespace ConsentHub.Api.Tests.Azure;

public sealed class ServiceBusRestSenderTests
{
    [Fact]
    public async Task A_message_goes_to_the_topic_with_a_bearer_token_its_broker_properties_and_its_application_properties()
    {
        await using var bus = await StubServiceBus.StartAsync();
        using var http = new HttpClient();
        var sender = new ServiceBusRestSender(http, new FixedToken("token-1"), new ServiceBusOptions(bus.Endpoint));
        var at = new DateTimeOffset(2026, 5, 4, 3, 2, 1, TimeSpan.FromHours(3));

        await sender.SendAsync(new OutgoingMessage("propagation", "{\"a\":1}", "p-1/sendgrid/1", at, new Dictionary<string, string> { ["kind"] = "sendgrid" }), default);

        var message = Assert.Single(bus.Messages);
        Assert.Equal(("propagation", "Bearer token-1", "\"sendgrid\"", "{\"a\":1}"), (message.Topic, message.Authorization, message.Kind, message.Body));
        Assert.StartsWith("application/json", message.ContentType);
        var broker = JsonDocument.Parse(message.BrokerProperties!).RootElement;
        Assert.Equal("p-1/sendgrid/1", broker.GetProperty("MessageId").GetString());
        Assert.Equal("Mon, 04 May 2026 00:02:01 GMT", broker.GetProperty("ScheduledEnqueueTimeUtc").GetString());
    }

    [Fact]
    public async Task Anything_but_201_is_an_exception_the_caller_sees()
    {
        await using var bus = await StubServiceBus.StartAsync();
        bus.Status = 503;
        using var http = new HttpClient();
        var sender = new ServiceBusRestSender(http, new FixedToken("t"), new ServiceBusOptions(bus.Endpoint));
        await Assert.ThrowsAsync<ServiceBusSendException>(() => sender.SendAsync(new OutgoingMessage("propagation", "{}"), default));
    }

    [Fact]
    public void The_namespace_setting_accepts_a_host_name_or_an_endpoint()
    {
        Assert.Equal(new Uri("https://hub.servicebus.windows.net/"), Options("hub.servicebus.windows.net")!.Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:5000/"), Options("http://127.0.0.1:5000/")!.Endpoint);
        Assert.Null(Options(null));
    }

    private static ServiceBusOptions? Options(string? ns) =>
        ServiceBusOptions.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConsentHub:ServiceBus:Namespace"] = ns }).Build());
}
