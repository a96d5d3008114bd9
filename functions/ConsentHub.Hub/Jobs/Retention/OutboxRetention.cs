using ConsentHub.Domain.Retention;
using ConsentHub.Hub.Messages;

namespace ConsentHub.Hub.Jobs.Retention;

/// `outbox`: lines of `{DataDir}/outbox/*.jsonl` (messages that would have been sent, addresses in clear) older than
/// their tenant's period are removed; a line of no known tenant goes by the default period. Counts the lines removed.
public sealed class OutboxRetention(Outbox outbox, RetentionTenants tenants, ILogger<OutboxRetention> logger) : IRetentionStep
{
    public string Name => "outbox";

    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoffs = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var tenant in await outbox.TenantsAsync(ct))
        {
            try
            {
                cutoffs[tenant] = ((await tenants.PeriodsAsync(tenant, ct))?.Outbox ?? RetentionPeriods.Defaults.Outbox).Before(now);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Its lines are kept this time rather than pruned by a period that may not be the tenant's.
                logger.LogError(e, "Outbox retention could not read the periods of tenant {Tenant}", tenant);
                cutoffs[tenant] = DateTimeOffset.MinValue;
            }
        }
        var byDefault = RetentionPeriods.Defaults.Outbox.Before(now);
        return await outbox.RemoveLinesBeforeAsync(tenant => tenant is not null && cutoffs.TryGetValue(tenant, out var at) ? at : byDefault, ct);
    }
}
