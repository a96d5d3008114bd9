using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Retention;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Requests;

namespace ConsentHub.Hub.Jobs.Retention;

/// A step that erases whole subjects by the erasure path (SubjectErasure): their contact points, consents, newsletter
/// states and evidence are shredded, while their objections stay in force through the contact points' keyed hashes
/// (a check on the address still answers a denial). Counts the subjects erased.
public abstract class SubjectRetention(RetentionTenants tenants, IViewStore views, SubjectErasure erasure, ILogger logger)
    : TenantRetentionStep(tenants, logger)
{
    protected override async Task<int> PruneAsync(string tenant, RetentionPeriods periods, DateTimeOffset now, CancellationToken ct)
    {
        var erased = 0;
        foreach (var row in await views.ListAsync(tenant, PartyProjection.Subjects.Kind, null, ct))
        {
            var subject = ViewProjector<LedgerEvent, PartyView>.Read(row);
            if (subject.Erased || !await DueAsync(tenant, row.Key, subject, periods, now, ct)) continue;
            if (await erasure.EraseAsync(tenant, row.Key, "retention:" + Name, null, ct) is { Response: not null }) erased++;
        }
        return erased;
    }

    protected abstract Task<bool> DueAsync(string tenant, string subjectId, PartyView subject, RetentionPeriods periods, DateTimeOffset now, CancellationToken ct);
}
