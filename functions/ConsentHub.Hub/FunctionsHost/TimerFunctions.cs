using ConsentHub.Hub.Requests;
using System.Text.Json;

namespace ConsentHub.Hub.FunctionsHost;

/// `POST /Retention` and `POST /RequestDeadlines`: the timer triggers. Each says in its logs exactly what it did.
public static class TimerFunctions
{
    /// Nothing is pruned, on purpose: events are the proof of consent (GDPR art. 7(1)) and keep personal data only
    /// sealed with per-stream keys that erasure destroys; views hold no clear personal data; the Azure deployment
    /// keeps no outbox or other time-limited personal data. When such data exists, its pruning belongs here.
    public static async Task<IResult> RetentionAsync(HttpContext http, TimeProvider clock)
    {
        var (invocation, problem) = await Invocation.ReadAsync(http);
        if (problem is not null) return problem;
        return InvocationResult.Ok(
        [
            $"Retention run at {clock.GetUtcNow():O}{PastDue(invocation!)}: nothing to prune.",
            "Events are kept as proof of consent; their personal data is sealed per stream and unreadable once erasure destroys the key.",
            "This deployment keeps no time-limited personal data (no outbox on Azure; views hold hashes and sealed values only).",
        ], new { pruned = 0 });
    }

    /// Open data subject requests past their deadline, from the request views of every tenant (either store).
    public static async Task<IResult> RequestDeadlinesAsync(HttpContext http, RequestViews requests, TimeProvider clock, CancellationToken ct)
    {
        var (invocation, problem) = await Invocation.ReadAsync(http);
        if (problem is not null) return problem;
        var now = clock.GetUtcNow();
        var overdue = await requests.OverdueAsync(now, ct);
        var logs = new List<string> { $"Request deadlines run at {now:O}{PastDue(invocation!)}: {overdue.Count} open request(s) past their deadline." };
        logs.AddRange(overdue.Select(o => $"{o.Tenant}: request {o.Request.Id} ({o.Request.Type}) was due {o.Request.DueAt:O}"));
        return InvocationResult.Ok(logs, new { overdue = overdue.Count, checkedRequests = true });
    }

    private static string PastDue(Invocation invocation) =>
        invocation.Value(FunctionNames.TimerBinding) is { ValueKind: JsonValueKind.Object } timer
        && timer.TryGetProperty("IsPastDue", out var pastDue) && pastDue.ValueKind == JsonValueKind.True ? " (past due)" : "";
}
