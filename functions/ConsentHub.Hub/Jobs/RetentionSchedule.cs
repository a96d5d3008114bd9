namespace ConsentHub.Hub.Jobs;

/// The daily retention run in the self-hosted server, at 02:15 UTC like the Functions app's timer. The last run is read
/// from its recorded event, not kept in memory: a run whose time passed while the server was down is made up at the
/// next start, and a restart after the day's run does not run it again.
public sealed class RetentionSchedule(RetentionJob job, RetentionRuns runs, TimeProvider clock, ILogger<RetentionSchedule> logger) : BackgroundService
{
    public static readonly TimeSpan TimeOfDay = new(2, 15, 0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var now = clock.GetUtcNow();
                if (Missed(await runs.LastAsync(stoppingToken), now))
                {
                    await job.RunAsync("schedule", stoppingToken);
                    continue;
                }
                wait = Next(now) - now;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store may be busy or down for a while: try again in an hour rather than stop the schedule.
                logger.LogError(e, "The retention schedule could not run; it tries again in an hour");
                wait = TimeSpan.FromHours(1);
            }
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// Whether the latest scheduled time at or before `now` has no run after it. With no run recorded yet, nothing was
    /// missed: the first run comes at the next scheduled time (the operator's route runs it sooner).
    public static bool Missed(DateTimeOffset? last, DateTimeOffset now) => last is { } at && at < Latest(now);

    public static DateTimeOffset Latest(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + TimeOfDay;
        return today <= now ? today : today.AddDays(-1);
    }

    public static DateTimeOffset Next(DateTimeOffset now) => Latest(now).AddDays(1);
}
