using ConsentHub.Hub.Jobs;
using Microsoft.Azure.Functions.Worker;

namespace ConsentHub.Functions.Jobs;

/// The daily retention run, at 02:15 UTC.
/// The run is answered for callers in-process; the worker binds no output to a timer's return (functions.metadata has none).
public sealed class RetentionTimer(RetentionJob job)
{
    public const string Name = "Retention";
    public const string Schedule = "0 15 2 * * *";

    [Function(Name)]
    public JobRun Run([TimerTrigger(Schedule)] TimerInfo timer) => job.Run(timer.IsPastDue);
}
