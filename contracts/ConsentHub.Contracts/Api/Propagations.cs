namespace ConsentHub.Contracts.Api;

/// <summary>How far a recorded change got at one target: <c>Status</c> is pending, succeeded, failed or dead-lettered.</summary>
public sealed record PropagationTargetView(string Target, string Status, int Attempts, string? LastError, DateTimeOffset? RetryAt, DateTimeOffset? CompletedAt);

/// <summary>One recorded change and its targets.</summary>
public sealed record PropagationView(string Id, string ChangeId, string ChangeType, string? SubjectId, DateTimeOffset StartedAt, bool Completed,
    IReadOnlyList<PropagationTargetView> Targets);

/// <summary>Answer to <c>GET /api/v1/{tenant}/propagations</c>, newest first.</summary>
public sealed record PropagationsResponse(IReadOnlyList<PropagationView> Items);
