namespace ConsentHub.Contracts.Events;

// NB: stored format, see LedgerEvent.

/// <summary>An event in a tenant's own stream (<c>tenant</c>): its definition, its keys and its CRM subscriptions.</summary>
public abstract record TenantEvent
{
    private protected TenantEvent() { }

    /// <summary>Request and time of the event.</summary>
    public abstract EventMeta Meta { get; init; }

    /// <summary>The tenant created or its definition replaced. Provider secrets inside are sealed.</summary>
    [EventType("tenant.defined", 1)]
    public sealed record Defined(TenantDefinition Definition, EventMeta Meta) : TenantEvent;

    /// <summary>A server-to-server API key issued; only its SHA-256 is kept.</summary>
    [EventType("tenant.apikey-issued", 1)]
    public sealed record ApiKeyIssued(string KeyId, string KeySha256, EquatableArray<string> Scopes, EventMeta Meta) : TenantEvent;

    /// <summary>An api key revoked: from then on it is unknown (401).</summary>
    [EventType("tenant.apikey-revoked", 1)]
    public sealed record ApiKeyRevoked(string KeyId, EventMeta Meta) : TenantEvent;

    /// <summary>The public site key of the browser routes issued (public by design, kept as is).</summary>
    [EventType("tenant.sitekey-issued", 1)]
    public sealed record SiteKeyIssued(string SiteKey, EventMeta Meta) : TenantEvent;

    /// <summary>A CRM subscribed to CloudEvents pushed to <c>Url</c>; no <c>Types</c> means every type. The
    /// Standard Webhooks signing secret is sealed with the tenant stream's key.</summary>
    [EventType("tenant.subscription-created", 1)]
    public sealed record SubscriptionCreated(string SubscriptionId, string Url, EquatableArray<string> Types, Sealed Secret, EventMeta Meta) : TenantEvent;

    /// <summary>A CRM subscription ended; nothing more is pushed to it.</summary>
    [EventType("tenant.subscription-ended", 1)]
    public sealed record SubscriptionEnded(string SubscriptionId, EventMeta Meta) : TenantEvent;
}
