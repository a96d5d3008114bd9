namespace ConsentHub.Contracts.Api;

/// <summary>Body of <c>POST …/requests</c>: a data subject request as received (GDPR art. 12–22).</summary>
public sealed record NewRequestBody(string? SubjectId, string? Type, DateTimeOffset? ReceivedAt, string? IdentityVerifiedBy);

/// <summary>Body of <c>POST …/requests/{id}/extend|complete|reject</c>: why, told to the person.</summary>
public sealed record ReasonBody(string? Reason);

/// <summary>Answer to a received request: its id and deadline.</summary>
public sealed record RequestCreatedResponse(string Id, DateTimeOffset? DueAt);

/// <summary>Answer to an extended, completed or rejected request.</summary>
public sealed record RequestChangedResponse(string Id, string Status, DateTimeOffset? DueAt, bool Extended);

/// <summary>A data subject request as listed and looked up.</summary>
public sealed record RequestView(string Id, string SubjectId, string Type, string Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool Extended,
    string? Channel = null, string? Language = null);

/// <summary>Requests by deadline, soonest first.</summary>
public sealed record RequestsResponse(IReadOnlyList<RequestView> Items);

/// <summary>Answer to an erasure: when, how many contact point streams were shredded with the subject's, and what a
/// legal hold keeps sealed until when (empty and null without one).</summary>
public sealed record ErasureResponse(string SubjectId, DateTimeOffset ErasedAt, int ContactPointStreams, IReadOnlyList<string>? Held = null, DateTimeOffset? HeldUntil = null);

/// <summary>Optional body of <c>DELETE …/subjects/{id}</c>: a legal hold. <c>Keep</c> names what stays sealed until
/// <c>Until</c> (a date, <c>YYYY-MM-DD</c>: kept through that day; or an RFC 3339 time); <c>Reason</c> is required.</summary>
public sealed record ErasureHoldBody(IReadOnlyList<string>? Keep, string? Reason, string? Until);
