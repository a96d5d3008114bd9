namespace ConsentHub.Contracts.Api;

/// <summary>
/// One line of a bulk import (<c>POST …/imports</c>, NDJSON). <c>Type</c> is <c>contact-points</c>, <c>objection</c>,
/// <c>consent</c> or <c>newsletter</c>; the other members are those of the single route for that statement. A line
/// names its person by <c>SubjectId</c>, or (not for <c>contact-points</c>) by one contact point, <c>Email</c> or
/// <c>Phone</c>. <c>At</c> is when the statement was originally made (not in the future).
/// </summary>
public sealed record ImportLine(
    string? Type, string? SubjectId = null, string? Email = null, string? Phone = null,
    IReadOnlyList<string>? Emails = null, IReadOnlyList<string>? Phones = null, IReadOnlyList<string>? Push = null,
    string? Scope = null, string? Channel = null, bool? Lifted = null,
    string? Purpose = null, bool? Granted = null, string? PolicyVersion = null,
    string? Newsletter = null, bool? Subscribed = null, string? Language = null,
    string? Source = null, EvidenceInput? Evidence = null, DateTimeOffset? At = null);

/// <summary>Answer to an accepted import: its id (the Idempotency-Key), to follow at <c>GET …/imports/{id}</c>.</summary>
public sealed record ImportAcceptedResponse(string Id);

/// <summary>A line that was not recorded: its number (1-based) and the problems, by field, as in a 400's <c>errors</c>.</summary>
public sealed record ImportRejectedLine(long Line, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// An import's progress. <c>Written</c> counts lines now in the ledger under this import (<c>Replayed</c> of them were
/// already there from an earlier post of the same id); <c>Rejected</c> lists the first rejected lines and
/// <c>RejectedCount</c> counts them all; <c>PerSecond</c> is lines handled per second of the run.
/// </summary>
public sealed record ImportStatusResponse(
    string Id, string Status, long LinesRead, long Written, IReadOnlyList<ImportRejectedLine> Rejected, double PerSecond,
    long RejectedCount, long Replayed, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);
