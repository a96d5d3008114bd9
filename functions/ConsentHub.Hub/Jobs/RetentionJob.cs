namespace ConsentHub.Hub.Jobs;

/// The retention run (the Functions app's daily timer). It says in its log exactly what it did.
/// Nothing is pruned, on purpose: events are the proof of consent (GDPR art. 7(1)) and keep personal data only
/// sealed with per-stream keys that erasure destroys; views hold no clear personal data; the Azure deployment
/// keeps no outbox or other time-limited personal data. When such data exists, its pruning belongs here.
public sealed class RetentionJob(TimeProvider clock, ILogger<RetentionJob> logger)
{
    public JobRun Run(bool pastDue)
    {
        var lines = new[]
        {
            $"Retention run at {clock.GetUtcNow():O}{(pastDue ? " (past due)" : "")}: nothing to prune.",
            "Events are kept as proof of consent; their personal data is sealed per stream and unreadable once erasure destroys the key.",
            "This deployment keeps no time-limited personal data (no outbox on Azure; views hold hashes and sealed values only).",
        };
        foreach (var line in lines) logger.LogInformation("{Line}", line);
        return new JobRun(0, lines);
    }
}
