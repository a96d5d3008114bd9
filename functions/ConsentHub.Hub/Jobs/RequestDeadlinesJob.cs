using ConsentHub.Hub.Requests;

namespace ConsentHub.Hub.Jobs;

/// The deadline run (the Functions app's daily timer): the open data subject requests past their deadline, from the
/// request views of every tenant (either store), each named in the log.
public sealed class RequestDeadlinesJob(RequestViews requests, TimeProvider clock, ILogger<RequestDeadlinesJob> logger)
{
    public async Task<JobRun> RunAsync(bool pastDue, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var overdue = await requests.OverdueAsync(now, ct);
        var lines = new List<string> { $"Request deadlines run at {now:O}{(pastDue ? " (past due)" : "")}: {overdue.Count} open request(s) past their deadline." };
        lines.AddRange(overdue.Select(o => $"{o.Tenant}: request {o.Request.Id} ({o.Request.Type}) was due {o.Request.DueAt:O}"));
        foreach (var line in lines) logger.LogInformation("{Line}", line);
        return new JobRun(overdue.Count, lines);
    }
}
