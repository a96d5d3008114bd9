using ConsentHub.Api.Tests.Kit;
using ConsentHub.Functions.Jobs;
using ConsentHub.Hub.Jobs;

namespace ConsentHub.Api.Tests.Azure;

/// The Functions app's retention timer, run as the worker runs it (the deadline timer runs in RequestDeadlineJobTests).
[Collection(CosmosCollection.Name)]
public sealed class JobTimerTests(CosmosServer server)
{
    [Fact]
    public async Task The_retention_run_says_what_it_pruned_and_why_and_that_it_ran_late()
    {
        await using var hub = await StoreLegs.CosmosAsync(server);

        var run = await hub.Functions!.TimerAsync<RetentionTimer, JobRun>((f, timer) => Task.FromResult(f.Run(timer)), pastDue: true);

        Assert.Equal(0, run.Count);
        Assert.Contains(run.Lines, l => l.Contains("nothing to prune", StringComparison.Ordinal) && l.Contains("(past due)", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.Contains("proof of consent", StringComparison.Ordinal));
    }
}
