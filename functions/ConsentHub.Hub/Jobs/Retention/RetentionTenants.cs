using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Retention;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Jobs.Retention;

/// The tenants a retention step goes through (every tenant holding people's or visitors' views, on either store),
/// each with its retention periods, defaults filled in.
public sealed class RetentionTenants(IViewStore views, ITenantSource source, TenantRegistry registry)
{
    public async Task<IReadOnlyList<string>> AllAsync(CancellationToken ct)
    {
        var tenants = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var kind in new[] { PartyProjection.Subjects.Kind, PartyProjection.Contacts.Kind, VisitorProjection.Declaration.Kind })
            tenants.UnionWith(await views.TenantsAsync(kind, ct));
        return [.. tenants];
    }

    /// The tenant's periods; null when it has no definition (nothing to go by, so nothing is pruned).
    public async Task<RetentionPeriods?> PeriodsAsync(string tenant, CancellationToken ct)
    {
        await source.EnsureAsync(tenant, refresh: false, ct);
        return registry.Find(tenant) is { } entry ? RetentionPeriods.Of(entry.Catalog.Definition) : null;
    }
}
