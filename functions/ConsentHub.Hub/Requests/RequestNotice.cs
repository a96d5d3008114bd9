using ConsentHub.Contracts.Events;

namespace ConsentHub.Hub.Requests;

/// What a person is told of a change to their request: the change (extended, completed, rejected), the request as
/// received (type, language), the reason opened from its seal, the due date after the change, and where to write:
/// the subject's e-mail addresses at delivery time, none once the subject is erased.
public sealed record RequestNotice(RequestEvent Change, RequestEvent.Received Case, string? Reason, DateTimeOffset DueAt, bool Erased,
    IReadOnlyList<string> Emails);
