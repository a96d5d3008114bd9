using ConsentHub.Domain.Retention;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Jobs.Retention;

/// `evidence`: destroys the tenant's evidence day keys (EvidenceKeys) of every day wholly older than the period, so the
/// IP addresses and user agents sealed on those days read as null everywhere (history, export, events) while the
/// statements themselves stay. Counts the day keys destroyed. A day is shredded once all of it is past the period, so
/// evidence is kept at most a day longer than the period. Evidence sealed before day keys existed (with the stream's
/// key alone) is not reached: it goes with the subject's erasure.
public sealed class EvidenceRetention(RetentionTenants tenants, EvidenceKeys keys, IEventStore store, ILogger<EvidenceRetention> logger)
    : TenantRetentionStep(tenants, logger)
{
    public override string Name => "evidence";

    protected override async Task<int> PruneAsync(string tenant, RetentionPeriods periods, DateTimeOffset now, CancellationToken ct)
    {
        // From the last day wholly past the period back to the last day already destroyed (or the tenant's first day):
        // each run destroys the days that came due since the one before, whatever its gap.
        var first = await FirstDayAsync(tenant, ct);
        var destroyed = 0;
        for (var day = EvidenceKeys.DayOf(periods.Evidence.Before(now)).AddDays(-1); day >= first; day = day.AddDays(-1))
        {
            if (await keys.DestroyedAsync(tenant, day, ct)) break;
            if (await keys.DestroyAsync(tenant, day, ct)) destroyed++;
        }
        return destroyed;
    }

    private async Task<DateOnly> FirstDayAsync(string tenant, CancellationToken ct)
    {
        var events = (await store.ReadStreamAsync(StreamId.TenantOf(tenant), ct)).Events;
        return events.Count > 0 ? EvidenceKeys.DayOf(events[0].RecordedAt) : DateOnly.MaxValue;
    }
}
