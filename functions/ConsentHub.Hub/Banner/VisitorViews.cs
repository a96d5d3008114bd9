using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;

namespace ConsentHub.Hub.Banner;

/// The query port of visitors: the banner's per-visitor answer and the events feed's linked subject read it, on
/// either store, from the views VisitorProjection declares (written inline by each visitor write, repaired from the feed).
public sealed class VisitorViews(IViewStore views)
{
    public static readonly ViewProjector<VisitorEvent, VisitorBanner> Projector = new(VisitorProjection.Declaration);

    public async Task<VisitorBanner?> FindAsync(string tenant, string visitorId, CancellationToken ct) =>
        await views.GetAsync(tenant, VisitorProjection.Declaration.Kind, visitorId, ct) is { } row ? ViewProjector<VisitorEvent, VisitorBanner>.Read(row) : null;

    /// The inline write, after the append and before the write answers. Version-guarded, so a slower writer of an
    /// older state changes nothing.
    public Task WriteAsync(StreamId stream, VisitorState state, CancellationToken ct) =>
        VisitorProjection.Of(state) is { } view ? views.PutAsync(Projector.Row(stream.Tenant, stream.Key, state.Version, view), ct) : Task.CompletedTask;
}
