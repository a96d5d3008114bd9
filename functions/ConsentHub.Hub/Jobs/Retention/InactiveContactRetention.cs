using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Retention;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Requests;

namespace ConsentHub.Hub.Jobs.Retention;

/// `inactiveContacts`: a subject with no recorded change for the period is erased. Its activity is the latest change of
/// its own stream or of its contact points' streams (an unsubscribe made from a link is activity too).
public sealed class InactiveContactRetention(RetentionTenants tenants, IViewStore views, SubjectErasure erasure, PartyViews parties,
    ILogger<InactiveContactRetention> logger) : SubjectRetention(tenants, views, erasure, logger)
{
    public override string Name => "inactiveContacts";

    protected override async Task<bool> DueAsync(string tenant, string subjectId, PartyView subject, RetentionPeriods periods, DateTimeOffset now, CancellationToken ct)
    {
        if (subject.LastChangedAt is not { } own || !periods.InactiveContacts.HasPassedSince(own, now)) return false;
        var states = await parties.ForSubjectAsync(tenant, subjectId, ct);
        return states.All(s => s.LastChangedAt is not { } at || periods.InactiveContacts.HasPassedSince(at, now));
    }
}
