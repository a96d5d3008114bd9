using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Jobs;

namespace ConsentHub.Api.Tests;

/// The self-hosted server runs the deadline job daily at 06:00 UTC by itself: a run missed while it was down is made
/// up at the next start, and a restart after the day's run does not run it again (the runs are read from their events).
public sealed class RequestDeadlineScheduleTests
{
    private static DateTimeOffset Utc(string at) => DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData(null, "2026-03-10T07:00:00Z", false)]          // nothing recorded yet: the first run comes at 06:00
    [InlineData("2026-03-09", "2026-03-10T07:00:00Z", true)]    // today's 06:00 passed without a run
    [InlineData("2026-03-09", "2026-03-10T05:59:00Z", false)]   // yesterday's ran; today's is not due yet
    [InlineData("2026-03-08", "2026-03-10T05:59:00Z", true)]    // yesterday's was missed
    [InlineData("2026-03-10", "2026-03-10T23:00:00Z", false)]   // today's ran
    public void A_run_is_missed_when_the_latest_six_oclock_has_no_run_on_its_day(string? lastDay, string now, bool missed) =>
        Assert.Equal(missed, RequestDeadlinesService.Missed(lastDay is null ? null : DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture), Utc(now)));

    [Fact]
    public async Task A_missed_run_is_made_up_at_start_and_not_repeated_after_a_restart()
    {
        var dataDir = TestHub.NewDataDir();
        var clock = new TestClock();
        var twoDaysAgo = clock.GetUtcNow().AddDays(-2);
        await using (var first = await TestHub.StartAsync(dataDir, services: s => s.AddSingleton<TimeProvider>(clock)))
        {
            await ServiceOf(first).Started;
            Assert.Empty(await RunsAsync(first));   // a new hub has missed nothing
            await RecordAsync(first, new RequestDeadlinesEvent.Ran("schedule", RequestDeadlinesJob.DayOf(twoDaysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                0, 0, 0, 0, 0, new EventMeta("seeded", "seeded", twoDaysAgo, "request-deadlines")));
        }

        await using (var second = await TestHub.StartAsync(dataDir, services: s => s.AddSingleton<TimeProvider>(clock)))
        {
            await ServiceOf(second).Started;
            Assert.Equal(["schedule", "schedule-missed"], (await RunsAsync(second)).Select(r => r.Trigger));
        }

        await using var third = await TestHub.StartAsync(dataDir, services: s => s.AddSingleton<TimeProvider>(clock));
        await ServiceOf(third).Started;
        Assert.Equal(2, (await RunsAsync(third)).Count);
    }

    [Fact]
    public void The_functions_app_has_no_schedule_of_its_own_its_timer_runs_the_job()
    {
        var services = new ServiceCollection();
        services.AddJobs(Hub.HubHost.Functions);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(RequestDeadlinesService));
    }

    private static RequestDeadlinesService ServiceOf(TestHub hub) => hub.Services.GetRequiredService<RequestDeadlinesService>();

    private static async Task<List<RequestDeadlinesEvent.Ran>> RunsAsync(TestHub hub) =>
        [.. (await hub.Services.GetRequiredService<IEventStore>().ReadStreamAsync(RequestDeadlinesJob.Stream, default)).Events
            .Select(e => EventCodec.Decode<RequestDeadlinesEvent>(e.Type, e.Data)).OfType<RequestDeadlinesEvent.Ran>()];

    private static async Task RecordAsync(TestHub hub, RequestDeadlinesEvent.Ran ran)
    {
        var store = hub.Services.GetRequiredService<IEventStore>();
        var (type, data) = EventCodec.Encode(ran);
        var version = (await store.ReadStreamAsync(RequestDeadlinesJob.Stream, default)).Version;
        Assert.IsType<AppendResult.Ok>(await store.AppendAsync(RequestDeadlinesJob.Stream, version, [new EventData(Guid.NewGuid().ToString(), type, data, ran.Meta.At)], default));
    }
}
