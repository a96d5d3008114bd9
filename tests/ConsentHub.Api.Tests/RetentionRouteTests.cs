using System.Net;
using System.Net.Http.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Jobs;

namespace ConsentHub.Api.Tests;

/// `POST /api/v1/admin/jobs/retention` is an operator route; retention periods are checked when a tenant is defined;
/// the self-hosted server's schedule makes up a run missed while it was down, and runs once a day.
public sealed class RetentionRouteTests
{
    [Fact]
    public async Task The_job_route_is_404_without_an_operator_key_and_401_without_the_right_one()
    {
        await using (var closed = await TestHub.StartAsync(withOperatorKey: false))
        {
            using var anyone = closed.Client("operator-test-key");
            await (await anyone.PostAsync("/api/v1/admin/jobs/retention", null)).AssertProblemAsync(404);
        }
        await using var hub = await TestHub.StartAsync();
        using var nobody = hub.Client();
        await (await nobody.PostAsync("/api/v1/admin/jobs/retention", null)).AssertProblemAsync(401);
        using var wrong = hub.Client("not-the-operator-key");
        await (await wrong.PostAsync("/api/v1/admin/jobs/retention", null)).AssertProblemAsync(401);
        await (await wrong.GetAsync("/api/v1/admin/jobs/retention")).AssertProblemAsync(401);
        using var op = hub.Operator();
        using var ran = await op.PostAsync("/api/v1/admin/jobs/retention", null);
        Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
        Assert.Equal(0, (await ran.JsonAsync()).GetProperty("pruned").GetInt32());
    }

    [Theory]
    [InlineData("evidence", "45 days", "ISO 8601")]
    [InlineData("outbox", "PT12H", "ISO 8601")]
    [InlineData("inactiveContacts", "P0D", "at least P1D")]
    [InlineData("anonymousBannerReceipts", "P11Y", "at most P10Y")]
    [InlineData("closedAccountContactPoints", "P99999M", "at most P10Y")]
    public async Task A_bad_retention_period_is_400_naming_its_field(string field, string value, string message)
    {
        await using var hub = await TestHub.StartAsync();
        using var op = hub.Operator();
        var definition = Tenant("badperiod", new Dictionary<string, string> { [field] = value });
        var problem = await (await op.PostAsJsonAsync("/api/v1/admin/tenants", definition)).AssertProblemAsync(400);
        Assert.Contains(message, problem.GetProperty("errors").GetProperty("retention." + field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Good_retention_periods_are_kept_in_the_definition()
    {
        await using var hub = await TestHub.StartAsync();
        using var op = hub.Operator();
        var retention = new Dictionary<string, string> { ["evidence"] = "P2W", ["anonymousBannerReceipts"] = "P1Y1M", ["inactiveContacts"] = "P10Y" };
        using var created = await op.PostAsJsonAsync("/api/v1/admin/tenants", Tenant("goodperiod", retention));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stored = (await created.JsonAsync()).GetProperty("tenant").GetProperty("retention");
        Assert.Equal("P1Y1M", stored.GetProperty("anonymousBannerReceipts").GetString());
    }

    [Fact]
    public async Task A_run_missed_while_the_server_was_down_is_made_up_at_the_next_start()
    {
        var clock = new TestClock();
        var dataDir = TestHub.NewDataDir();
        await using (var first = await TestHub.StartAsync(dataDir, services: s => s.AddSingleton<TimeProvider>(clock)))
        {
            using var op = first.Operator();
            (await op.PostAsync("/api/v1/admin/jobs/retention", null)).EnsureSuccessStatusCode();
        }
        clock.Offset = TimeSpan.FromDays(2);
        await using var second = await TestHub.StartAsync(dataDir, services: s => s.AddSingleton<TimeProvider>(clock));
        using var again = second.Operator();
        var runs = await Eventually.HoldsAsync(async () => (await again.GetJsonAsync("/api/v1/admin/jobs/retention")).GetProperty("runs"),
            r => r.GetArrayLength() == 2, what: "the missed run made up at start");
        Assert.Equal("schedule", runs[0].GetProperty("trigger").GetString());
    }

    [Fact]
    public void The_schedule_runs_once_a_day_at_its_time_and_not_again_after_a_restart()
    {
        var now = new DateTimeOffset(2026, 3, 10, 18, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 2, 15, 0, TimeSpan.Zero), RetentionSchedule.Latest(now));
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 2, 15, 0, TimeSpan.Zero), RetentionSchedule.Next(now));
        Assert.False(RetentionSchedule.Missed(now.AddHours(-10), now));   // today's run at 08:00: not again today
        Assert.True(RetentionSchedule.Missed(now.AddDays(-1), now));      // yesterday's run only: today's 02:15 was missed
        Assert.False(RetentionSchedule.Missed(null, now));                // a new hub waits for its first scheduled time
        var early = new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero);
        Assert.False(RetentionSchedule.Missed(early.AddHours(-20), early));   // yesterday 05:00, before today's 02:15
    }

    private static object Tenant(string id, IReadOnlyDictionary<string, string> retention) => new
    {
        id,
        name = "Säilytys Oy",
        languages = new[] { "fi" },
        defaultLanguage = "fi",
        purposes = new object[] { new { id = "direct-marketing", legalBasis = "legitimate-interest", channels = new[] { "email" } } },
        retention,
    };
}
