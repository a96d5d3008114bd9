namespace ConsentHub.Contracts.Api;

/// <summary>Evidence as a caller sends it; the hub keeps only a hash of <c>Text</c> and seals the rest.</summary>
public sealed record EvidenceInput(string? Text = null, string? Ip = null, string? UserAgent = null, string? RecordedBy = null);

/// <summary>Body of <c>PUT …/contact-points</c>.</summary>
public sealed record ContactPointsRequest(IReadOnlyList<string>? Emails, IReadOnlyList<string>? Phones, IReadOnlyList<string>? Push = null);

/// <summary>Body of <c>POST …/consents</c>.</summary>
public sealed record ConsentRequest(string? Purpose, string? Channel, bool? Granted, string? Source, string? PolicyVersion, EvidenceInput? Evidence);

/// <summary>Body of <c>POST …/objections</c>.</summary>
public sealed record ObjectionRequest(string? Scope, string? Channel, bool? Lifted, string? Source, EvidenceInput? Evidence);

/// <summary>Body of <c>POST …/restriction</c>.</summary>
public sealed record RestrictionRequest(bool? Restricted, string? Reason, string? Source);

/// <summary>Body of <c>POST …/permissions/check</c>.</summary>
public sealed record CheckRequest(string? Purpose, string? Channel, IReadOnlyList<string>? Recipients);

/// <summary>Body of <c>POST /api/v1/{tenant}/keys</c>.</summary>
public sealed record KeyRequest(IReadOnlyList<string>? Scopes);

/// <summary>Body of <c>POST …/banner/consents</c>.</summary>
public sealed record BannerConsentRequest(string? VisitorId, IReadOnlyDictionary<string, bool>? Categories, string? PolicyVersion, bool? Gpc,
    string? Language, string? Action, IReadOnlyDictionary<string, bool>? Services = null);

/// <summary>Body of <c>POST …/subjects/{subjectId}/visitors</c>.</summary>
public sealed record VisitorLinkRequest(string? VisitorId);

/// <summary>Body of <c>POST …/newsletters/{listId}/subscriptions</c>.</summary>
public sealed record NewsletterSubscriptionRequest(string? Email, string? Language, string? Source, EvidenceInput? Evidence);

/// <summary>Body of <c>POST …/unsubscribe-links</c>: one of <c>Email</c> or <c>SubjectId</c>, one of <c>ListId</c> or <c>Purpose</c>.</summary>
public sealed record UnsubscribeLinkRequest(string? Email, string? SubjectId, string? ListId, string? Purpose, string? Language);

/// <summary>Body of <c>POST …/preference-links</c>: one of <c>Email</c> or <c>SubjectId</c>.</summary>
public sealed record PreferenceLinkRequest(string? Email, string? SubjectId, string? Language);

/// <summary>Body of <c>POST …/subjects/{subjectId}/closure</c>: the subject's account with the controller was closed.</summary>
/// <param name="ClosedAt">When it was closed (RFC 3339, not in the future); the time of the request when left out.</param>
/// <param name="Source">Where the statement came from, e.g. <c>crm</c>.</param>
public sealed record AccountClosureRequest(DateTimeOffset? ClosedAt, string? Source);
