namespace ConsentHub.Contracts.Events;

// NB: stored format, see LedgerEvent.

/// <summary>An event in a scheduled job's own stream (<c>job-retention</c> of the reserved tenant <c>admin</c>): what each
/// run did. Internal: never a CloudEvent, read by operators through <c>/api/v1/admin/jobs/…</c>.</summary>
public abstract record JobEvent
{
    private protected JobEvent() { }

    /// <summary>Request and time of the event.</summary>
    public abstract EventMeta Meta { get; init; }

    /// <summary>A retention run: each step with what it pruned, or the error that stopped it (the other steps still ran).</summary>
    /// <param name="Trigger"><c>schedule</c>, <c>schedule-missed</c> (a run made up at start), <c>timer</c> or <c>operator</c>.</param>
    /// <param name="Steps">Each step's count.</param>
    /// <param name="Meta">Request and time; <c>Meta.At</c> is when the run started.</param>
    [EventType("retention.ran", 1)]
    public sealed record RetentionRan(string Trigger, EquatableArray<RetentionStepCount> Steps, EventMeta Meta) : JobEvent;
}

/// <summary>What one retention step did in one run.</summary>
/// <param name="Step">The step's name, e.g. <c>evidence</c>.</param>
/// <param name="Pruned">How many items it pruned (keys destroyed, subjects erased, lines removed).</param>
/// <param name="Failures">Tenants (or the whole step, <c>*</c>) where it failed; the run went on with the others.</param>
public sealed record RetentionStepCount(string Step, int Pruned, EquatableArray<string> Failures);
