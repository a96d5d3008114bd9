using System.Diagnostics;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Projections;

namespace ConsentHub.Domain.Propagation;

public sealed record PropagationTarget(string Name, TargetState State);

/// What the status route reads of a propagation: the change it carries and how far each target got.
public sealed record PropagationStatus(string ChangeId, string ChangeType, string? SubjectId, DateTimeOffset StartedAt, bool Completed,
    EquatableArray<PropagationTarget> Targets);

public static class PropagationProjection
{
    /// Inline: the starter and the runner write the view after each append, so the status route shows an attempt's
    /// outcome as soon as it is recorded, on every store, without waiting for a feed (on Cosmos DB the change feed
    /// only repairs what a crash between append and view write left behind).
    public static readonly ViewProjection<PropagationEvent, PropagationStatus> Declaration =
        new("propagation", "propagation", ProjectionLifecycle.Inline, Evolve, _ => null);

    public static PropagationStatus Evolve(PropagationStatus? view, PropagationEvent e) => (view, e) switch
    {
        (_, PropagationEvent.Started s) => new(s.ChangeEventId, s.ChangeType, s.SubjectId, s.Meta.At, false,
            new([.. s.Targets.Order(StringComparer.Ordinal).Select(t => new PropagationTarget(t, TargetState.New))])),
        (null, _) => throw new InvalidOperationException($"{e.GetType().Name} before the propagation started"),
        (_, PropagationEvent.Completed) => view with { Completed = true },
        _ when TargetState.Of(e) is { } name => view with { Targets = Move(view.Targets, name, e) },
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    };

    /// The view of a decided state, for the inline write (the same as folding `Evolve` over the stream).
    public static PropagationStatus? Of(PropagationState s) => s.Change is { } c
        ? new(c.ChangeEventId, c.ChangeType, c.SubjectId, c.Meta.At, s.Completed, new([.. s.Targets.Select(t => new PropagationTarget(t.Key, t.Value))]))
        : null;

    // A target the start did not name is added, as the decider's state does, in the same (ordinal) order.
    private static EquatableArray<PropagationTarget> Move(EquatableArray<PropagationTarget> targets, string name, PropagationEvent e)
    {
        var current = targets.FirstOrDefault(t => t.Name == name)?.State ?? TargetState.New;
        return new([.. targets.Where(t => t.Name != name).Append(new PropagationTarget(name, TargetState.Evolve(current, e))).OrderBy(t => t.Name, StringComparer.Ordinal)]);
    }
}
