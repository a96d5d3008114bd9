using System.Collections.Immutable;
using System.Diagnostics;
using ConsentHub.Contracts.Events;

namespace ConsentHub.Domain.Propagation;

public static class TargetStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";          // the last attempt failed; another is scheduled
    public const string DeadLettered = "dead-lettered";

    public static bool IsFinal(string status) => status is Succeeded or DeadLettered;
}

public sealed record TargetState(string Status, int Attempts, string? LastError, DateTimeOffset? RetryAt, DateTimeOffset? CompletedAt)
{
    public static readonly TargetState New = new(TargetStatus.Pending, 0, null, null, null);
}

public sealed record PropagationState(long Version, PropagationEvent.Started? Change, ImmutableSortedDictionary<string, TargetState> Targets, bool Completed)
{
    public static readonly PropagationState Initial = new(0, null, ImmutableSortedDictionary<string, TargetState>.Empty, false);

    public bool AllFinal => Targets.Count > 0 && Targets.Values.All(t => TargetStatus.IsFinal(t.Status));

    public static PropagationState Evolve(PropagationState s, PropagationEvent e) => (e switch
    {
        PropagationEvent.Started st => s with { Change = st, Targets = st.Targets.ToImmutableSortedDictionary(t => t, _ => TargetState.New, StringComparer.Ordinal) },
        PropagationEvent.AttemptStarted a => s.With(a.Target, t => t with { Attempts = a.Attempt, Status = TargetStatus.Pending }),
        PropagationEvent.AttemptFailed f => s.With(f.Target, t => t with { Status = TargetStatus.Failed, LastError = f.Error, RetryAt = f.RetryAt }),
        PropagationEvent.TargetSucceeded ok => s.With(ok.Target, t => t with { Status = TargetStatus.Succeeded, RetryAt = null, CompletedAt = ok.Meta.At }),
        PropagationEvent.DeadLettered d => s.With(d.Target, t => t with { Status = TargetStatus.DeadLettered, LastError = d.Error, RetryAt = null, CompletedAt = d.Meta.At }),
        PropagationEvent.Completed => s with { Completed = true },
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    }) with { Version = s.Version + 1 };

    private PropagationState With(string target, Func<TargetState, TargetState> change) =>
        this with { Targets = Targets.SetItem(target, change(Targets.GetValueOrDefault(target) ?? TargetState.New)) };
}
