using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Retention;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Requests;

namespace ConsentHub.Hub.Jobs.Retention;

/// `closedAccountContactPoints`: a subject whose account was closed (`POST …/closure`) is erased once the period has
/// passed since the closing.
public sealed class ClosedAccountRetention(RetentionTenants tenants, IViewStore views, SubjectErasure erasure, ILogger<ClosedAccountRetention> logger)
    : SubjectRetention(tenants, views, erasure, logger)
{
    public override string Name => "closedAccountContactPoints";

    protected override Task<bool> DueAsync(string tenant, string subjectId, PartyView subject, RetentionPeriods periods, DateTimeOffset now, CancellationToken ct) =>
        Task.FromResult(subject.ClosedAt is { } closed && periods.ClosedAccountContactPoints.HasPassedSince(closed, now));
}
