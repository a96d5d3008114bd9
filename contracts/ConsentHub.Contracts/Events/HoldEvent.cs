namespace ConsentHub.Contracts.Events;

// NB: stored format, see LedgerEvent.

/// <summary>
/// An event in a legal hold's stream (<c>hold-{subjectId}</c>): personal data an erasure had to keep (open invoices,
/// debt collection, a legal claim), sealed with the hold's own key until <c>Until</c>, then shredded with that key.
/// </summary>
public abstract record HoldEvent
{
    private protected HoldEvent() { }

    /// <summary>Request, time and source of the event.</summary>
    public abstract EventMeta Meta { get; init; }

    /// <summary>The hold placed by the erasure of the subject.</summary>
    /// <param name="SubjectId">The erased subject.</param>
    /// <param name="Keep">The kinds of personal data held (<c>contact-points</c>, <c>evidence</c>).</param>
    /// <param name="Until">When the held data is shredded.</param>
    /// <param name="Reason">Why it is held (the controller's words), sealed.</param>
    /// <param name="Held">The held data as JSON, sealed with the hold's key.</param>
    /// <param name="Meta">Request, time and source.</param>
    [EventType("hold.placed", 1)]
    public sealed record Placed(string SubjectId, EquatableArray<string> Keep, DateTimeOffset Until, Sealed? Reason, Sealed? Held, EventMeta Meta) : HoldEvent;

    /// <summary>The hold's key destroyed: what it held is unreadable from now on.</summary>
    [EventType("hold.shredded", 1)]
    public sealed record Shredded(EventMeta Meta) : HoldEvent;
}
