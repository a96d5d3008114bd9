namespace ConsentHub.Contracts.Api;

/// <summary>Body of <c>POST …/requests</c>: a data subject request as received (GDPR art. 12–22).</summary>
/// <param name="SubjectId">Whose request it is.</param>
/// <param name="Type">access, portability, erasure, rectification, restriction or objection.</param>
/// <param name="ReceivedAt">When the controller received it (default: now).</param>
/// <param name="IdentityVerifiedBy">How the person's identity was verified: required (GDPR art. 12(6)).</param>
/// <param name="Channel">How it reached the controller: api (default), email, letter, phone, in-person or web-form.</param>
/// <param name="Language">The person's language, fi, sv or en (default: the tenant's default language).</param>
public sealed record NewRequestBody(string? SubjectId, string? Type, DateTimeOffset? ReceivedAt, string? IdentityVerifiedBy,
    string? Channel = null, string? Language = null);

/// <summary>Body of <c>POST …/requests/{id}/extend|complete|reject</c>: why, told to the person.</summary>
public sealed record ReasonBody(string? Reason);

/// <summary>Answer to a received request: its id and deadline.</summary>
public sealed record RequestCreatedResponse(string Id, DateTimeOffset? DueAt);

/// <summary>Answer to an extended, completed or rejected request.</summary>
public sealed record RequestChangedResponse(string Id, string Status, DateTimeOffset? DueAt, bool Extended);

/// <summary>A data subject request as listed: no reasons or evidence (those are in <see cref="RequestCase"/>).</summary>
public sealed record RequestView(string Id, string SubjectId, string Type, string Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool Extended,
    string? Channel = null, string? Language = null);

/// <summary>A data subject request as <c>GET …/requests/{id}</c> shows it: deadlines, the verification, every event.
/// <c>OriginalDueAt</c> is the deadline one calendar month after receipt (<c>DueAt</c> differs once extended);
/// <c>IdentityVerifiedBy</c> is opened from its seal and null once the subject was erased; so is <c>Details</c>, what the
/// person asked in their own words (a rectification filed from the preference center: what to correct).</summary>
public sealed record RequestCase(string Id, string SubjectId, string Type, string Status, string? Channel, string? Language,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, DateTimeOffset OriginalDueAt, bool Extended, string? IdentityVerifiedBy,
    IReadOnlyList<RequestHistoryEntry> History, IReadOnlyList<AttachmentView> Attachments, string? Details = null);

/// <summary>One event of a request: <c>received</c>, <c>extended</c>, <c>completed</c>, <c>rejected</c> or <c>attachment-added</c>.
/// <c>Reason</c>, for <c>extended</c> and <c>rejected</c>: the reason the person is told, opened from its seal (null once
/// the subject was erased). <c>DueAt</c>, for <c>received</c> and <c>extended</c>: the deadline it set.</summary>
public sealed record RequestHistoryEntry(string Type, DateTimeOffset At, string? Reason = null, DateTimeOffset? DueAt = null, string? AttachmentId = null);

/// <summary>Evidence attached to a request, e.g. a scanned signed letter; its bytes at <c>…/attachments/{id}</c>.</summary>
public sealed record AttachmentView(string Id, string ContentType, long Size, string Sha256, DateTimeOffset AddedAt);

/// <summary>Answer to <c>POST …/requests/{id}/attachments</c>.</summary>
public sealed record AttachmentCreatedResponse(string Id, string ContentType, long Size, string Sha256);

/// <summary>Answer to <c>POST /api/v1/admin/jobs/request-deadlines</c>: what the run found and whom it told.</summary>
public sealed record RequestDeadlinesRunResponse(DateTimeOffset RanAt, int DueSoon, int Overdue, int Mailed, int NoContact, int Failed);

/// <summary>Requests by deadline, soonest first.</summary>
public sealed record RequestsResponse(IReadOnlyList<RequestView> Items);

/// <summary>Answer to an erasure: when, how many contact point streams were shredded with the subject's, and what a
/// legal hold keeps sealed until when (empty and null without one).</summary>
public sealed record ErasureResponse(string SubjectId, DateTimeOffset ErasedAt, int ContactPointStreams, IReadOnlyList<string>? Held = null, DateTimeOffset? HeldUntil = null);

/// <summary>Optional body of <c>DELETE …/subjects/{id}</c>: a legal hold. <c>Keep</c> names what stays sealed until
/// <c>Until</c> (a date, <c>YYYY-MM-DD</c>: kept through that day; or an RFC 3339 time); <c>Reason</c> is required.</summary>
public sealed record ErasureHoldBody(IReadOnlyList<string>? Keep, string? Reason, string? Until);
