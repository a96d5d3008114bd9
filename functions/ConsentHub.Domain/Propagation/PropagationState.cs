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

    /// The target an event is about; null for the events of the whole propagation.
    public static string? Of(PropagationEvent e) => e switch
    {
        PropagationEvent.AttemptStarted a => a.Target,
        PropagationEvent.AttemptFailed f => f.Target,
        PropagationEvent.TargetSucceeded ok => ok.Target,
        PropagationEvent.DeadLettered d => d.Target,
        _ => null,
    };

    /// How an event about this target moves it: the one rule the decider's state and the status view share.
    public static TargetState Evolve(TargetState t, PropagationEvent e) => e switch
    {
        PropagationEvent.AttemptStarted a => t with { Attempts = a.Attempt, Status = TargetStatus.Pending },
        PropagationEvent.AttemptFailed f => t with { Status = TargetStatus.Failed, LastError = f.Error, RetryAt = f.RetryAt },
        PropagationEvent.TargetSucceeded ok => t with { Status = TargetStatus.Succeeded, RetryAt = null, CompletedAt = ok.Meta.At },
        PropagationEvent.DeadLettered d => t with { Status = TargetStatus.DeadLettered, LastError = d.Error, RetryAt = null, CompletedAt = d.Meta.At },
        _ => throw new UnreachableException($"{e.GetType().Name} is not about a target"),
    };
}

public sealed record PropagationState(long Version, PropagationEvent.Started? Change, ImmutableSortedDictionary<string, TargetState> Targets, bool Completed)
{
    public static readonly PropagationState Initial = new(0, null, ImmutableSortedDictionary<string, TargetState>.Empty, false);

    public bool AllFinal => Targets.Count > 0 && Targets.Values.All(t => TargetStatus.IsFinal(t.Status));

    public static PropagationState Evolve(PropagationState s, PropagationEvent e) => (e switch
    {
        PropagationEvent.Started st => s with { Change = st, Targets = st.Targets.ToImmutableSortedDictionary(t => t, _ => TargetState.New, StringComparer.Ordinal) },
        PropagationEvent.Completed => s with { Completed = true },
        _ when TargetState.Of(e) is { } target => s.With(target, t => TargetState.Evolve(t, e)),
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    }) with { Version = s.Version + 1 };

    private PropagationState With(string target, Func<TargetState, TargetState> change) =>
        this with { Targets = Targets.SetItem(target, change(Targets.GetValueOrDefault(target) ?? TargetState.New)) };
}
