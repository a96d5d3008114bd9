using System.Collections.Concurrent;
using System.Collections.Immutable;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;

namespace ConsentHub.Hub.Tenants;

public sealed record ApiKeyEntry(string Tenant, string KeyId, ImmutableHashSet<string> Scopes)
{
    public required string KeySha256 { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

public sealed record TenantEntry(TenantCatalog Catalog, long Version, ImmutableArray<string> SiteKeys);

/// Projection of the tenants' own streams: definitions, api keys (by SHA-256), site keys and CRM subscriptions.
public sealed class TenantRegistry
{
    private readonly ConcurrentDictionary<string, TenantEntry> _tenants = new();
    private readonly ConcurrentDictionary<string, ApiKeyEntry> _keysByHash = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUsed = new();
    private readonly ConcurrentDictionary<string, ImmutableDictionary<string, WebhookSubscription>> _subscriptions = new();

    public TenantEntry? Find(string tenant) => _tenants.GetValueOrDefault(tenant);

    public ApiKeyEntry? FindKey(string keySha256) => _keysByHash.GetValueOrDefault(keySha256);

    /// Notes a key's use to the minute: at most one update per key and minute, so a check stays a dictionary read.
    public void Touch(ApiKeyEntry key, DateTimeOffset now)
    {
        var minute = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        if (!_lastUsed.TryGetValue(key.KeySha256, out var last) || last < minute) _lastUsed[key.KeySha256] = minute;
    }

    public DateTimeOffset? LastUsed(ApiKeyEntry key) => _lastUsed.TryGetValue(key.KeySha256, out var at) ? at : null;

    /// A tenant's active keys, oldest first.
    public IEnumerable<ApiKeyEntry> Keys(string tenant) =>
        _keysByHash.Values.Where(k => k.Tenant == tenant).OrderBy(k => k.CreatedAt).ThenBy(k => k.KeyId, StringComparer.Ordinal);

    public IEnumerable<TenantEntry> All => _tenants.Values;

    /// A tenant's active CRM subscriptions.
    public IEnumerable<WebhookSubscription> Subscriptions(string tenant) =>
        _subscriptions.TryGetValue(tenant, out var active) ? active.Values : [];

    public WebhookSubscription? Subscription(string tenant, string id) =>
        _subscriptions.TryGetValue(tenant, out var active) ? active.GetValueOrDefault(id) : null;

    public void Apply(string tenant, long version, TenantEvent e)
    {
        switch (e)
        {
            case TenantEvent.Defined d:
                _tenants.AddOrUpdate(tenant, _ => new(new TenantCatalog(d.Definition), version, []),
                    (_, current) => current with { Catalog = new TenantCatalog(d.Definition), Version = version });
                break;
            case TenantEvent.ApiKeyIssued k:
                _keysByHash[k.KeySha256] = new(tenant, k.KeyId, [.. k.Scopes]) { KeySha256 = k.KeySha256, CreatedAt = k.Meta.At };
                break;
            case TenantEvent.ApiKeyRevoked r:
                foreach (var revoked in _keysByHash.Values.Where(x => x.Tenant == tenant && x.KeyId == r.KeyId).ToList())
                {
                    _keysByHash.TryRemove(revoked.KeySha256, out _);
                    _lastUsed.TryRemove(revoked.KeySha256, out _);
                }
                break;
            case TenantEvent.SiteKeyIssued s:
                _tenants.AddOrUpdate(tenant, _ => throw new InvalidOperationException("site key before definition"),
                    (_, current) => current with { SiteKeys = current.SiteKeys.Add(s.SiteKey), Version = version });
                break;
            case TenantEvent.SubscriptionCreated c:   // one writer (the tenant source, behind its gate): read-then-set is safe
                _subscriptions[tenant] = _subscriptions.GetValueOrDefault(tenant, ImmutableDictionary<string, WebhookSubscription>.Empty).SetItem(c.SubscriptionId, WebhookSubscription.From(c));
                break;
            case TenantEvent.SubscriptionEnded ended:
                _subscriptions[tenant] = _subscriptions.GetValueOrDefault(tenant, ImmutableDictionary<string, WebhookSubscription>.Empty).Remove(ended.SubscriptionId);
                break;
        }
    }
}
