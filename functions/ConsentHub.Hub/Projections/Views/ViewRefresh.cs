using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Projections.Views;

/// Brings the views of some streams up to their heads by refolding each stream from the store: the change feed's
/// step on Cosmos DB, where a batch is only a notice of which streams moved. Version-guarded like every view
/// write, so redelivered or out-of-order batches change nothing, and a view a crash left behind is repaired.
public sealed class ViewRefresh(IEventStore store, IViewStore views, IEnumerable<IViewProjector> projectors, IEnumerable<IViewObserver> observers,
    ViewFaults? faults = null, ILogger<ViewRefresh>? logger = null)
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
                    ViewRow? after;
                    try
                    {
                        after = projector.Apply(next, e);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Passed over and counted, as by SQLite's view feed: one event that cannot be applied (corrupt, or
                        // written by a newer hub) must not stop the stream's other events, nor the batch's other streams.
                        // Counted once, when first met: a later refresh refolds the stream and meets it again.
                        if (e.Version > (current?.Version ?? 0)) ParkFault(projector.Kind, e, ex);
                        continue;
                    }
                    if (after is null) continue;
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

    private void ParkFault(string kind, StoredEvent e, Exception ex)
    {
        faults?.Add();
        logger?.LogError("View {Kind} could not apply event {Version} of {Stream}: {Type}: {Message}", kind, e.Version, e.Stream, ex.GetType().Name, ex.Message);
    }

    private async Task<bool> PutAsync(ViewRow view, CancellationToken ct)
    {
        var moved = await views.PutAsync(view, ct);
        foreach (var observer in observers) observer.Observe(view);
        return moved;
    }
}
