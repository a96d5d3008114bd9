namespace ConsentHub.Contracts.Events;

// NB: stored format, see LedgerEvent.

/// <summary>An event in a data subject request's stream (<c>request-{id}</c>): GDPR art. 12 deadlines and outcomes.</summary>
public abstract record RequestEvent
{
    private protected RequestEvent() { }

    /// <summary>Request and time of the event.</summary>
    public abstract EventMeta Meta { get; init; }

    /// <summary>A request received; due one calendar month after receipt (art. 12(3)).</summary>
    /// <param name="SubjectId">Whose request it is.</param>
    /// <param name="Type">access, portability, erasure, rectification, restriction or objection.</param>
    /// <param name="ReceivedAt">When the controller received it: the deadline counts from here.</param>
    /// <param name="DueAt">The deadline.</param>
    /// <param name="IdentityVerifiedBy">How the person's identity was verified, sealed.</param>
    /// <param name="Meta">Request and time of the event.</param>
    /// <param name="Channel">How it came in: <c>api</c> (recorded by the controller's staff or systems) or
    /// <c>preference-center</c> (filed by the person from a mailed link). Null on requests recorded before it existed.</param>
    /// <param name="Language">The person's language (fi, sv, en): what the hub writes to them about the request in.</param>
    /// <param name="Details">What the person asked in their own words (a rectification: what to correct), sealed with the
    /// subject's key, so erasing the subject leaves it unreadable.</param>
    [EventType("request.received", 1)]
    public sealed record Received(string SubjectId, string Type, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, Sealed? IdentityVerifiedBy, EventMeta Meta,
        string? Channel = null, string? Language = null, Sealed? Details = null) : RequestEvent;

    /// <summary>The deadline extended by two months, once, with the reason the person is told.</summary>
    [EventType("request.extended", 1)]
    public sealed record Extended(Sealed Reason, DateTimeOffset DueAt, EventMeta Meta) : RequestEvent;

    /// <summary>The request answered.</summary>
    [EventType("request.completed", 1)]
    public sealed record Completed(EventMeta Meta) : RequestEvent;

    /// <summary>The request refused, with the reason the person is told (art. 12(4)).</summary>
    [EventType("request.rejected", 1)]
    public sealed record Rejected(Sealed Reason, EventMeta Meta) : RequestEvent;

    /// <summary>Evidence attached to the request, e.g. the person's scanned signed letter. The bytes are kept apart from
    /// the events, sealed with the request stream's key, and erasing the subject destroys that key and deletes them.</summary>
    /// <param name="AttachmentId">The attachment's id within the request.</param>
    /// <param name="ContentType">application/pdf, image/png or image/jpeg.</param>
    /// <param name="Size">Size in bytes, at most 5 MB.</param>
    /// <param name="Sha256">SHA-256 of the bytes (lower-case hex): what was received can be proven without them.</param>
    /// <param name="Meta">Request and time of the event.</param>
    [EventType("request.attachment-added", 1)]
    public sealed record AttachmentAdded(string AttachmentId, string ContentType, long Size, string Sha256, EventMeta Meta) : RequestEvent;
}
