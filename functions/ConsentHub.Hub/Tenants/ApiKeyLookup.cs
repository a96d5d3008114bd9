using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Tenants;

/// The registry's view of a request's api key, found by the key's SHA-256. No table of keys is kept across requests:
/// a plain key must not outlive the request that carried it in this process's memory (a heap dump, a crash dump), and
/// one SHA-256 of a short key costs less than a lookup would save. The registry is asked on every request, so a
/// revoked key is refused at once.
public sealed class ApiKeyLookup(TenantRegistry registry, TimeProvider clock)
{
    /// The registry's entry for the key, if it has one.
    public ApiKeyEntry? Find(string apiKey) => registry.FindKey(ApiKeys.Sha256(apiKey));

    /// Notes the key's use (to the minute, see TenantRegistry.Touch).
    public void Touch(ApiKeyEntry key) => registry.Touch(key, clock.GetUtcNow());
}
