using ConsentHub.Contracts.Events;

namespace ConsentHub.Contracts.Api;

/// <summary>Answer to a recorded statement.</summary>
public sealed record RecordedResponse(string EventId, long Version, DateTimeOffset RecordedAt);

/// <summary>Answer to tenant creation; the api key is shown this once.</summary>
/// `ApiKey` is shown on the first answer only; a replay of the same request answers `ApiKeyId` without it.
public sealed record TenantCreatedResponse(TenantDefinition Tenant, string? ApiKey, string SiteKey, string ApiKeyId);

/// <summary>Answer to key creation: the secret <c>ApiKey</c> is shown this once; a replay answers without it.</summary>
public sealed record KeyCreatedResponse(string Id, string? ApiKey, IReadOnlyList<string> Scopes);

/// <summary>A tenant's api keys, active ones only; secrets are never shown.</summary>
public sealed record KeyListResponse(IReadOnlyList<KeyView> Keys);

/// <summary>An api key as listed: <c>LastUsedAt</c> is to the minute, as this instance saw it.</summary>
public sealed record KeyView(string Id, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>A subject's current preferences.</summary>
public sealed record PreferencesResponse(
    string SubjectId, long Version, ContactPointsView ContactPoints, IReadOnlyList<ProhibitionView> Prohibitions,
    IReadOnlyList<ConsentView> Consents, IReadOnlyList<NewsletterView> Newsletters, bool Restricted);

/// <summary>Contact points in clear, as the subject's owner knows them.</summary>
public sealed record ContactPointsView(IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, IReadOnlyList<string>? Push = null);

/// <summary>An active objection.</summary>
public sealed record ProhibitionView(string Scope, string Channel, DateTimeOffset Since, string? Source);

/// <summary>The latest consent statement for a purpose and channel (<c>null</c> channel: all channels).</summary>
public sealed record ConsentView(string Purpose, string? Channel, bool Granted, DateTimeOffset Since, string? PolicyVersion);

/// <summary>A newsletter's state.</summary>
public sealed record NewsletterView(string Id, string Status, DateTimeOffset Since);

/// <summary>The subject's events, oldest first.</summary>
public sealed record HistoryResponse(IReadOnlyList<HistoryEntry> Events);

/// <summary>One recorded event with its data as stored (personal data unsealed for the owner).</summary>
public sealed record HistoryEntry(string EventId, string Type, long Version, DateTimeOffset RecordedAt, string? Source, object Data);

/// <summary>Answer to a permission check, in request order.</summary>
public sealed record CheckResponse(IReadOnlyList<CheckResult> Results);

/// <summary>One recipient's answer.</summary>
public sealed record CheckResult(string Recipient, bool Allowed, string Reason, string? Scope = null);

/// <summary>A page of suppression changes.</summary>
public sealed record SuppressionsResponse(IReadOnlyList<SuppressionItem> Items, string Next);

/// <summary>A contact point's suppression state after its latest change.</summary>
public sealed record SuppressionItem(string Contact, bool Suppressed, string Reason, DateTimeOffset ChangedAt, string? Scope = null);

/// <summary>A page of the CloudEvents pull feed.</summary>
public sealed record EventsResponse(IReadOnlyList<CloudEvent> Events, string Next);

/// <summary>A CloudEvents 1.0 event in structured JSON mode.</summary>
public sealed record CloudEvent(
    string Specversion, string Id, string Source, string Type, string? Subject, DateTimeOffset Time, string Datacontenttype, object Data);

/// <summary>Health answer.</summary>
/// `status`: ok; degraded (serving, but `skippedEvents` records could not be applied to the views: see the log);
/// unhealthy (503: the database is locked by another process, writes fail).
public sealed record HealthResponse(string Status, string Store, long? SkippedEvents = null, string? Detail = null);

/// <summary>Answer to a banner choice: the receipt is the id of the recorded event.</summary>
public sealed record BannerReceipt(string ReceiptId, IReadOnlyDictionary<string, bool> Categories, bool Gpc,
    IReadOnlyDictionary<string, bool>? Services = null);

/// <summary>A visitor's current cookie choice, or <c>Prompt</c> when the banner must ask (again).</summary>
public sealed record VisitorConsentView(
    bool Prompt, string? Reason = null, string? VisitorId = null, IReadOnlyDictionary<string, bool>? Categories = null,
    string? PolicyVersion = null, DateTimeOffset? DecidedAt = null, string? ReceiptId = null, IReadOnlyDictionary<string, bool>? Services = null);

/// <summary>Answer to a newsletter subscription.</summary>
public sealed record SubscriptionResponse(string Status);

/// <summary>An unsubscribe link and the RFC 2369 / RFC 8058 header values that carry it.</summary>
public sealed record UnsubscribeLinkResponse(string Url, string ListUnsubscribe, string ListUnsubscribePost);

/// <summary>A link to the person's preference center.</summary>
public sealed record PreferenceLinkResponse(string Url, DateTimeOffset ExpiresAt);
