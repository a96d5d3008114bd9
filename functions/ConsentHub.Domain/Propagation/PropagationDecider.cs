using ConsentHub.Contracts.Events;

namespace ConsentHub.Domain.Propagation;

/// What a delivery came to, as the decider sees it.
public abstract record AttemptOutcome
{
    private AttemptOutcome() { }
    public sealed record Delivered(string? ProviderRef) : AttemptOutcome;
    public sealed record Retry(string Error, TimeSpan? RetryAfter) : AttemptOutcome;
    public sealed record Refused(string Error) : AttemptOutcome;
}

public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static readonly RetryPolicy Default = new(8, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10));

    /// Exponential backoff with full jitter; `unit` in [0, 1) is the jitter, passed in to keep the decision pure.
    public TimeSpan DelayAfter(int attempt, double unit)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + unit * ceiling / 2);
    }
}

/// Decisions of a propagation: pure, with time, ids and jitter passed in.
public static class PropagationDecider
{
    /// The next attempt at a target, or nothing when the target is finished (a redelivered task).
    public static PropagationEvent[] StartAttempt(PropagationState s, string target, Func<string, EventMeta> meta) =>
        s.Targets.TryGetValue(target, out var t) && !TargetStatus.IsFinal(t.Status)
            ? [new PropagationEvent.AttemptStarted(target, t.Attempts + 1, meta($"attempt:{target}:{t.Attempts + 1}"))]
            : [];

    /// Records how an attempt ended, and completes the propagation when it was the last open target.
    public static PropagationEvent[] Finish(PropagationState s, string target, int attempt, AttemptOutcome outcome, RetryPolicy policy,
        DateTimeOffset now, double jitter, Func<string, EventMeta> meta)
    {
        var key = $"{target}:{attempt}";
        PropagationEvent result = outcome switch
        {
            AttemptOutcome.Delivered d => new PropagationEvent.TargetSucceeded(target, attempt, d.ProviderRef, meta("succeeded:" + key)),
            AttemptOutcome.Retry r when attempt < policy.MaxAttempts =>
                new PropagationEvent.AttemptFailed(target, attempt, r.Error, now + (r.RetryAfter ?? policy.DelayAfter(attempt, jitter)), meta("failed:" + key)),
            AttemptOutcome.Retry r => new PropagationEvent.DeadLettered(target, attempt, $"gave up after {attempt} attempts: {r.Error}", meta("dead:" + key)),
            AttemptOutcome.Refused f => new PropagationEvent.DeadLettered(target, attempt, f.Error, meta("dead:" + key)),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        var after = PropagationState.Evolve(s, result);
        return after.AllFinal && !after.Completed ? [result, new PropagationEvent.Completed(meta("completed"))] : [result];
    }
}
