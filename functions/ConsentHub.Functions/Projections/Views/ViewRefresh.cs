using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Projections.Views;

/// Brings the views of some streams up to their heads by refolding each stream from the store: the change feed's
/// step on Cosmos DB, where a batch is only a notice of which streams moved. Version-guarded like every view
/// write, so redelivered or out-of-order batches change nothing, and a view a crash left behind is repaired.
public sealed class ViewRefresh(IEventStore store, IViewStore views, IEnumerable<IViewProjector> projectors)
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
                var next = slice.Events.Aggregate((ViewRow?)null, (view, e) => projector.Apply(view, e) ?? view);
                if (next is not null && await views.PutAsync(next, ct)) moved++;
            }
        }
        return moved;
    }
}
