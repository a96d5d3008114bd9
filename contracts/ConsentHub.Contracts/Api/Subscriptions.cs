namespace ConsentHub.Contracts.Api;

/// <summary>Body of <c>POST /api/v1/{tenant}/subscriptions</c>: where to push, and which CloudEvent types (none: all).</summary>
public sealed record SubscriptionRequest(string? Url, IReadOnlyList<string>? Types);

/// <summary>A CRM subscription as listed; its secret is never shown again.</summary>
public sealed record SubscriptionView(string Id, string Url, IReadOnlyList<string> Types, DateTimeOffset CreatedAt);

/// <summary>Answer to a new subscription: the Standard Webhooks signing secret (<c>whsec_…</c>) is shown this once.</summary>
public sealed record SubscriptionCreatedResponse(string Id, string Url, IReadOnlyList<string> Types, DateTimeOffset CreatedAt, string Secret);

/// <summary>A tenant's active subscriptions, oldest first.</summary>
public sealed record SubscriptionsResponse(IReadOnlyList<SubscriptionView> Subscriptions);
