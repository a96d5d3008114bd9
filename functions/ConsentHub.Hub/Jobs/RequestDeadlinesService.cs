namespace ConsentHub.Hub.Jobs;

/// The daily deadline run in the self-hosted server, at 06:00 UTC like the Functions app's timer (early in the
/// Finnish working day). The last scheduled run is read from its recorded event, not kept in memory: a run whose time
/// passed while the server was down is made up at the next start, and a restart after the day's run does not run it
/// again. With no run recorded yet nothing was missed: the first comes at the next 06:00 (the operator's route runs one
/// sooner). Several instances on one Cosmos DB may each run at the same moment; the privacy contact then gets the
/// same list twice, which is harmless.
public sealed class RequestDeadlinesService(RequestDeadlinesJob job, TimeProvider clock, ILogger<RequestDeadlinesService> logger) : BackgroundService
{
    public static readonly TimeSpan TimeOfDay = new(6, 0, 0);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// Done once the service has looked, at start, for a missed run and made it up.
    public Task Started => _started.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var now = clock.GetUtcNow();
                var (last, _) = await job.LastScheduledAsync(stoppingToken);
                if (Missed(last, now))
                {
                    await job.RunAsync(_started.Task.IsCompleted ? "schedule" : "schedule-missed", stoppingToken);
                    continue;
                }
                _started.TrySetResult();
                wait = Latest(now).AddDays(1) - now;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store may be busy or down for a while: try again in an hour rather than stop the schedule.
                logger.LogError(e, "The request deadline schedule could not run; it tries again in an hour");
                _started.TrySetResult();
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

    /// Whether the latest scheduled time at or before `now` has no run on or after its day.
    public static bool Missed(DateOnly? lastDay, DateTimeOffset now) => lastDay is { } day && day < RequestDeadlinesJob.DayOf(Latest(now));

    /// The latest 06:00 UTC at or before `now`.
    public static DateTimeOffset Latest(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + TimeOfDay;
        return today <= now ? today : today.AddDays(-1);
    }
}
