using Microsoft.Extensions.Logging;
using ConsentHub.Functions.Durable;
using ConsentHub.Hub.ChangeFeed;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ConsentHub.Functions.Propagation;

/// The Functions app has no Cosmos DB trigger: each tick sweeps the events container's change feed from the saved
/// continuation (ChangeFeedSweep, under the lease the self-hosted server's reader uses, so one instance sweeps at a
/// time). The sweep brings views up to date, appends the events feed, and starts every propagation the write path
/// missed; a start finds any instance already there, so nothing runs twice.
public sealed class ChangeFeedSweepFunction(DurableClientAccessor accessor, ChangeFeedSweep sweep, ILogger<ChangeFeedSweepFunction> logger)
{
    public const string Name = "ChangeFeedSweep";

    /// The app setting holding the timer's NCRONTAB schedule (e.g. `*/30 * * * * *`). A flat name: the host resolves
    /// `%…%` from app settings, where nested (`__`) names are not reliably found for timer triggers.
    public const string ScheduleSetting = "ConsentHub_ChangeFeedSweepSchedule";

    /// One owner per instance, so an instance renews its own lease from tick to tick.
    private static readonly string Owner = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    [Function(Name)]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        accessor.Client = client;
        return SweepAsync(context.CancellationToken);
    }

    /// The sweep in the current flow, whose Durable client the caller has handed to DurableClientAccessor. The Functions
    /// app runs on Cosmos DB only (FunctionsApp refuses any other store), so there is always a change feed to sweep.
    public async Task<SweepOutcome> SweepAsync(CancellationToken ct)
    {
        var outcome = await sweep.RunAsync(sweep.Lease(Owner), ct);
        if (!outcome.Leased) logger.LogInformation("{Function}: another instance holds the change-feed lease", Name);
        return outcome;
    }
}
