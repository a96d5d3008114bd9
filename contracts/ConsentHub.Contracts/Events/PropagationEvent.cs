namespace ConsentHub.Contracts.Events;

// NB: stored format, see LedgerEvent.

/// <summary>
/// An event in a propagation's own stream (<c>propagation-{changeEventId}</c>): the durable state of carrying one
/// recorded change to every target, so that it resumes where it was after a crash.
/// </summary>
public abstract record PropagationEvent
{
    private protected PropagationEvent() { }

    /// <summary>Request and time of the event.</summary>
    public abstract EventMeta Meta { get; init; }

    /// <summary>A change to carry, and the targets it must reach.</summary>
    [EventType("propagation.started", 1)]
    public sealed record Started(string ChangeStream, long ChangeVersion, string ChangeEventId, string ChangeType, string? SubjectId,
        EquatableArray<string> Targets, EventMeta Meta) : PropagationEvent;

    /// <summary>A delivery attempt is about to be made; written first, so the log never counts fewer attempts than were made.</summary>
    [EventType("propagation.attempt-started", 1)]
    public sealed record AttemptStarted(string Target, int Attempt, EventMeta Meta) : PropagationEvent;

    /// <summary>An attempt failed; another follows at <c>RetryAt</c>.</summary>
    [EventType("propagation.attempt-failed", 1)]
    public sealed record AttemptFailed(string Target, int Attempt, string Error, DateTimeOffset RetryAt, EventMeta Meta) : PropagationEvent;

    /// <summary>The target has the change.</summary>
    [EventType("propagation.target-succeeded", 1)]
    public sealed record TargetSucceeded(string Target, int Attempt, string? ProviderRef, EventMeta Meta) : PropagationEvent;

    /// <summary>The target gave up: a permanent refusal, or too many attempts.</summary>
    [EventType("propagation.dead-lettered", 1)]
    public sealed record DeadLettered(string Target, int Attempt, string Error, EventMeta Meta) : PropagationEvent;

    /// <summary>Every target succeeded or was dead-lettered.</summary>
    [EventType("propagation.completed", 1)]
    public sealed record Completed(EventMeta Meta) : PropagationEvent;
}
