using ConsentHub.Domain.Propagation;
using ConsentHub.Hub.Propagation;
using Microsoft.DurableTask;

namespace ConsentHub.Functions.Propagation;

/// What an orchestration is asked to do: one recorded change (its propagation stream) to these targets.
public sealed record PropagationOrder(string Tenant, string PropagationId, IReadOnlyList<string> Targets);

/// One attempt at one target as the runner recorded it: the target's state after the attempt.
public sealed record AttemptResult(string Status, int Attempts, string? LastError, DateTimeOffset? RetryAt);

/// A target's line in the orchestration's custom status.
public sealed record TargetProgress(string Status, int Attempts, DateTimeOffset? RetryAt);

/// The propagation of one change on Azure: one orchestration per change, one activity call per attempt at a target,
/// every target at once. The activity records each attempt and its outcome in the propagation stream through the
/// runner, and the domain's decider says there whether to retry, when (backoff with jitter, or the provider's
/// Retry-After) and when to give up; here a failed attempt only waits on a durable timer until the time it named.
/// Orchestrator code: deterministic, the orchestration's clock only, no I/O. The propagation stream stays the source
/// of the status route; the custom status mirrors it for whoever looks at the instance.
public static class PropagationOrchestration
{
    public const string Orchestrator = "PropagationOrchestrator";
    public const string Attempt = "PropagationAttempt";

    /// Set when an attempt had nothing to run: the target was finished already, or the propagation is unknown.
    public const string NothingToRun = "nothing-to-run";

    /// Faults of the activity itself (the store not answering), not of the delivery, which the runner records: tried a
    /// few times more; if they last, the orchestration fails and shows why.
    private static readonly TaskOptions Faults = TaskOptions.FromRetryPolicy(new Microsoft.DurableTask.RetryPolicy(5, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(5)));

    /// The instance of a change: one per tenant and change, so a second start finds the first. Durable's rules (1 to
    /// 256 characters, no `/ \ # ?`, no control characters, not starting with `@`) hold for the hub's tenant ids
    /// (`[a-z0-9][a-z0-9._:-]{0,127}`) and propagation ids (`propagation-{uuid}`); a hash stands in should they not.
    public static string InstanceId(string tenant, string propagationId)
    {
        var id = $"{tenant}:{propagationId}";
        return id.Length <= 256 && !id.StartsWith('@') && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            ? id
            : "propagation-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));
    }

    public static async Task<IReadOnlyDictionary<string, TargetProgress>> RunAsync(TaskOrchestrationContext context, PropagationOrder order)
    {
        var progress = new SortedDictionary<string, TargetProgress>(order.Targets.ToDictionary(t => t, _ => new TargetProgress(TargetStatus.Pending, 0, null)),
            StringComparer.Ordinal);
        context.SetCustomStatus(progress);
        await Task.WhenAll(order.Targets.Select(target => RunTargetAsync(context, new PropagationTask(order.Tenant, order.PropagationId, target), progress)));
        return progress;
    }

    private static async Task RunTargetAsync(TaskOrchestrationContext context, PropagationTask task, SortedDictionary<string, TargetProgress> progress)
    {
        while (true)
        {
            var result = await context.CallActivityAsync<AttemptResult?>(Attempt, task, Faults);
            progress[task.Target] = result is null ? progress[task.Target] with { Status = NothingToRun, RetryAt = null }
                : new TargetProgress(result.Status, result.Attempts, result.RetryAt);
            context.SetCustomStatus(progress);
            if (result is not { Status: TargetStatus.Failed, RetryAt: { } retryAt }) return;   // succeeded, dead-lettered, or nothing to run
            if (retryAt.UtcDateTime > context.CurrentUtcDateTime) await context.CreateTimer(retryAt.UtcDateTime, CancellationToken.None);
        }
    }
}
