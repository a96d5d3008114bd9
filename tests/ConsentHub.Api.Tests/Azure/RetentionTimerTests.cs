using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts.Api;
using ConsentHub.Functions.Jobs;

namespace ConsentHub.Api.Tests.Azure;

/// The Functions app's daily retention timer, run as the worker runs it: its erasures start their propagations through
/// the timer's Durable client, and its run is recorded like the operator's.
[Collection(CosmosCollection.B)]
public sealed class RetentionTimerTests(CosmosServer server)
{
    [Fact]
    public async Task The_retention_timer_erases_a_closed_account_when_due_and_records_its_run()
    {
        var clock = new TestClock();
        await using var hub = await CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), s => s.AddSingleton<TimeProvider>(clock));
        using var t = await hub.CreateTenantAsync("timed");
        (await t.Client.PutAsync("/api/v1/timed/subjects/c1/contact-points", Http.JsonBody("""{"emails":["ajastin@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/timed/subjects/c1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/timed/subjects/c1/closure", new { closedAt = clock.GetUtcNow().AddDays(-50) })).EnsureSuccessStatusCode();
        await hub.Functions!.SettledAsync();

        var run = await hub.Functions.TimerAsync<RetentionTimer, RetentionRunResponse>(
            (f, timer) => f.RunAsync(timer, hub.Functions.Durable.Client, CancellationToken.None), pastDue: true);
        await hub.Functions.SettledAsync();

        Assert.Equal("timer-past-due", run.Trigger);
        Assert.Equal(1, run.Steps.Single(s => s.Step == "closedAccountContactPoints").Pruned);
        Assert.Equal((false, "direct-marketing-prohibited"), (await t.Client.CheckAsync("timed", "direct-marketing", "email", "ajastin@example.fi"))[0]);
        Assert.Equal("subject.erased/v1", (await t.Client.HistoryAsync("timed", "c1"))[^1].GetProperty("type").GetString());
        using var op = hub.Operator();
        var runs = (await op.GetJsonAsync("/api/v1/admin/jobs/retention")).GetProperty("runs");
        Assert.Equal("timer-past-due", Assert.Single(runs.EnumerateArray()).GetProperty("trigger").GetString());
    }
}
