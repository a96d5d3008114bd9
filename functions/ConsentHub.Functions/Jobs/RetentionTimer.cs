using ConsentHub.Contracts.Api;
using ConsentHub.Functions.Durable;
using ConsentHub.Hub.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ConsentHub.Functions.Jobs;

/// The daily retention run, at 02:15 UTC. It erases subjects (closed accounts, inactive contacts), whose erasure events
/// start propagations: its [DurableClient] is handed to DurableClientAccessor first.
/// The run is answered for callers in-process; the worker binds no output to a timer's return (functions.metadata has none).
public sealed class RetentionTimer(RetentionJob job, DurableClientAccessor durable)
{
    public const string Name = "Retention";
    public const string Schedule = "0 15 2 * * *";

    [Function(Name)]
    public async Task<RetentionRunResponse> RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        durable.Client = client;
        return RetentionRunResponse.Of(await job.RunAsync(timer.IsPastDue ? "timer-past-due" : "timer", ct));
    }
}
