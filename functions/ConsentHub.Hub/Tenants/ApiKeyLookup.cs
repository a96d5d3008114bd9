using System.Collections.Concurrent;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Tenants;

/// The SHA-256 of a request's api key, by which the registry knows it, computed once per key rather than twice per
/// request (the rate limit's partition and the authorisation). Only keys the registry knew when hashed are kept,
/// so made-up keys cannot fill the table; the registry is still asked on every request, so a revoked key is refused
/// at once. The table lives in this process's memory only, beside the requests that carry the same keys.
public sealed class ApiKeyLookup(TenantRegistry registry, TimeProvider clock)
{
    private const int MaxKept = 10_000;
    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    public string Sha256Of(string apiKey)
    {
        if (_known.TryGetValue(apiKey, out var known)) return known;
        var hash = ApiKeys.Sha256(apiKey);
        if (registry.FindKey(hash) is not null && _known.Count < MaxKept) _known.TryAdd(apiKey, hash);
        return hash;
    }

    /// The registry's entry for the key, if it has one; a revoked key is dropped from the table.
    public ApiKeyEntry? Find(string apiKey)
    {
        var key = registry.FindKey(Sha256Of(apiKey));
        if (key is null) _known.TryRemove(apiKey, out _);
        return key;
    }

    /// Notes the key's use (to the minute, see TenantRegistry.Touch).
    public void Touch(ApiKeyEntry key) => registry.Touch(key, clock.GetUtcNow());
}
