using ConsentHub.Hub.Jobs;
using Microsoft.Azure.Functions.Worker;

namespace ConsentHub.Functions.Jobs;

/// The daily deadline run at 06:00 UTC (the deadlines are whole days, so once a day names each overdue request on the
/// day it becomes overdue): each tenant's privacy contact is mailed the requests due within 7 days and the overdue ones.
/// The run is answered for callers in-process; the worker binds no output to a timer's return (functions.metadata has none).
public sealed class RequestDeadlinesTimer(RequestDeadlinesJob job)
{
    public const string Name = "RequestDeadlines";
    public const string Schedule = "0 0 6 * * *";

    [Function(Name)]
    public Task<JobRun> RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken ct) => job.RunAsync(timer.IsPastDue, ct);
}
