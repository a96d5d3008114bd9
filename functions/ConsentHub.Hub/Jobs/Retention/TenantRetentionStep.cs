using ConsentHub.Domain.Retention;

namespace ConsentHub.Hub.Jobs.Retention;

/// A step that prunes tenant by tenant: one tenant that fails is logged and named, and the others are still pruned.
public abstract class TenantRetentionStep(RetentionTenants tenants, ILogger logger) : IRetentionStep
{
    public abstract string Name { get; }

    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var pruned = 0;
        var failed = new List<string>();
        foreach (var tenant in await tenants.AllAsync(ct))
        {
            try
            {
                if (await tenants.PeriodsAsync(tenant, ct) is { } periods) pruned += await PruneAsync(tenant, periods, now, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogError(e, "Retention step {Step} failed for tenant {Tenant}", Name, tenant);
                failed.Add(tenant);
            }
        }
        return failed.Count > 0 ? throw new RetentionStepFailedException(pruned, failed) : pruned;
    }

    /// Prunes what is due at `now` in one tenant; answers how many items it pruned.
    protected abstract Task<int> PruneAsync(string tenant, RetentionPeriods periods, DateTimeOffset now, CancellationToken ct);
}
