using System.Globalization;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.ServiceBus;

namespace ConsentHub.Api.Tests.Azure;

/// Service Bus's REST API takes a scheduled time in whole seconds: a retry at 00:02:01.3 must not be sent at 00:02:01,
/// before the time a provider's Retry-After asked for.
public sealed class ServiceBusScheduleTests
{
    [Fact]
    public async Task A_scheduled_time_between_seconds_is_rounded_up_to_the_next_second()
    {
        await using var bus = await StubServiceBus.StartAsync();
        using var http = new HttpClient();
        var sender = new ServiceBusRestSender(http, new FixedToken("t"), new ServiceBusOptions(bus.Endpoint));
        var at = new DateTimeOffset(2026, 5, 4, 0, 2, 1, 300, TimeSpan.Zero);

        await sender.SendAsync(new OutgoingMessage("propagation", "{}", "p-1/sendgrid/1", at), default);

        var broker = JsonDocument.Parse(Assert.Single(bus.Messages).BrokerProperties!).RootElement;
        var scheduled = DateTimeOffset.Parse(broker.GetProperty("ScheduledEnqueueTimeUtc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 0, 2, 2, TimeSpan.Zero), scheduled);
    }
}
