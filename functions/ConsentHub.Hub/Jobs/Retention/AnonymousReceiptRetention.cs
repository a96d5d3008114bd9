using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Retention;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Jobs.Retention;

/// `anonymousBannerReceipts`: the banner choices of a browser never linked to a subject, once its last choice is older
/// than the period: the visitor's stream key is destroyed, so its receipts' IP addresses and user agents are shredded
/// and nothing more is recorded under that visitor id; the banner asks again (its next choice starts a new visitor).
/// Linked visitors' choices belong to the subject and go with its erasure. Counts the visitors shredded.
public sealed class AnonymousReceiptRetention(RetentionTenants tenants, IViewStore views, StreamKeys keys, ILogger<AnonymousReceiptRetention> logger)
    : TenantRetentionStep(tenants, logger)
{
    public override string Name => "anonymousBannerReceipts";

    protected override async Task<int> PruneAsync(string tenant, RetentionPeriods periods, DateTimeOffset now, CancellationToken ct)
    {
        var shredded = 0;
        foreach (var row in await views.ListAsync(tenant, VisitorProjection.Declaration.Kind, null, ct))
        {
            var visitor = ViewProjector<VisitorEvent, VisitorBanner>.Read(row);
            if (visitor.SubjectId is not null || visitor.Choice is not { } choice || !periods.AnonymousBannerReceipts.HasPassedSince(choice.At, now)) continue;
            var stream = StreamId.Visitor(tenant, row.Key);
            if (await keys.ErasedAsync(stream, ct)) continue;
            await keys.DestroyAsync(stream, ct);
            shredded++;
        }
        return shredded;
    }
}
