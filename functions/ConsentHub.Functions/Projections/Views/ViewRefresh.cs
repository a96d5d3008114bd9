using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Projections.Views;

/// Brings the views of some streams up to their heads by refolding each stream from the store: the change feed's
/// step on Cosmos DB, where a batch is only a notice of which streams moved. Version-guarded like every view
/// write, so redelivered or out-of-order batches change nothing, and a view a crash left behind is repaired.
public sealed class ViewRefresh(IEventStore store, IViewStore views, IEnumerable<IViewProjector> projectors, IEnumerable<IViewObserver> observers)
{
    /// Answers how many views moved.
    public async Task<int> RefreshAsync(IEnumerable<StreamId> streams, CancellationToken ct)
    {
        var moved = 0;
        foreach (var stream in streams.Distinct())
        {
            foreach (var projector in projectors.Where(p => p.Covers(stream)))
            {
                var current = await views.GetAsync(stream.Tenant, projector.Kind, stream.Key, ct);
                var slice = await store.ReadStreamAsync(stream, ct);
                if (current is not null && current.Version >= slice.Version) continue;
                var related = new Dictionary<(string, string), ViewRow>();
                ViewRow? next = null;
                foreach (var e in slice.Events)
                {
                    if (projector.Apply(next, e) is not { } after) continue;
                    foreach (var r in projector.Related(next, after)) related[(r.Kind, r.Key)] = r;
                    next = after;
                }
                if (next is null) continue;
                // Related views first: the view's own version is what a later refresh resumes from.
                foreach (var r in related.Values) await PutAsync(r, ct);
                if (await PutAsync(next, ct)) moved++;
            }
        }
        return moved;
    }

    private async Task<bool> PutAsync(ViewRow view, CancellationToken ct)
    {
        var moved = await views.PutAsync(view, ct);
        foreach (var observer in observers) observer.Observe(view);
        return moved;
    }
}
