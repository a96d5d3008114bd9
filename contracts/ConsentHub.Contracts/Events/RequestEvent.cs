namespace ConsentHub.Contracts.Events;

// NB: stored format, see LedgerEvent.

/// <summary>An event in a data subject request's stream (<c>request-{id}</c>): GDPR art. 12 deadlines and outcomes.</summary>
public abstract record RequestEvent
{
    private protected RequestEvent() { }

    /// <summary>Request and time of the event.</summary>
    public abstract EventMeta Meta { get; init; }

    /// <summary>A request received; due one calendar month after receipt (art. 12(3)).</summary>
    [EventType("request.received", 1)]
    public sealed record Received(string SubjectId, string Type, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, Sealed? IdentityVerifiedBy, EventMeta Meta) : RequestEvent;

    /// <summary>The deadline extended by two months, once, with the reason the person is told.</summary>
    [EventType("request.extended", 1)]
    public sealed record Extended(Sealed Reason, DateTimeOffset DueAt, EventMeta Meta) : RequestEvent;

    /// <summary>The request answered.</summary>
    [EventType("request.completed", 1)]
    public sealed record Completed(EventMeta Meta) : RequestEvent;

    /// <summary>The request refused, with the reason the person is told (art. 12(4)).</summary>
    [EventType("request.rejected", 1)]
    public sealed record Rejected(Sealed Reason, EventMeta Meta) : RequestEvent;
}
