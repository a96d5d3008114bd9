using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.ChangeFeed;

/// The self-hosted server's driver on Cosmos DB (the Functions app sweeps from a timer instead): sweeps the events
/// container's change feed under a lease (ChangeFeedSweep), so that of several instances one reads at a time, then
/// polls. A sweep that fails resumes from the last checkpoint.
public sealed class ChangeFeedReader(ChangeFeedSweep sweep, IOptions<ChangeFeedOptions> options, TimeProvider clock, ILogger<ChangeFeedReader> logger)
    : BackgroundService
{
    public const string LeaseId = ChangeFeedSweep.LeaseId;
    private readonly string _owner = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var lease = sweep.Lease(_owner);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sweep.RunAsync(lease, stoppingToken);
                await Task.Delay(o.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Reading the change feed failed; it resumes from the last checkpoint");
                await Task.Delay(o.PollInterval, clock, stoppingToken);
            }
        }
    }
}
