using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;

namespace ConsentHub.Hub.Propagation;

/// The query port of propagation status: the status route reads it, on either store, from the views
/// PropagationProjection declares (written inline by the starter and the runner, repaired from the feed).
public sealed class PropagationViews(IViewStore views)
{
    public static readonly ViewProjector<PropagationEvent, PropagationStatus> Projector = new(PropagationProjection.Declaration);

    public async Task<IReadOnlyList<PropagationView>> ListAsync(string tenant, CancellationToken ct) =>
        [.. (await views.ListAsync(tenant, PropagationProjection.Declaration.Kind, null, ct)).Select(View)];

    /// The inline write, after an append and before the writer goes on. Version-guarded, so a slower writer of an
    /// older state changes nothing.
    public Task WriteAsync(StreamId stream, PropagationState state, CancellationToken ct) =>
        Row(stream, state) is { } row ? views.PutAsync(row, ct) : Task.CompletedTask;

    /// The status row of the state, for a store that commits it with the append that made the state (SqlitePropagationCommit).
    public static ViewRow? Row(StreamId stream, PropagationState state) =>
        PropagationProjection.Of(state) is { } status ? Projector.Row(stream.Tenant, stream.Key, state.Version, status) : null;

    private static PropagationView View(ViewRow row)
    {
        var s = ViewProjector<PropagationEvent, PropagationStatus>.Read(row);
        return new("propagation-" + row.Key, s.ChangeId, s.ChangeType, s.SubjectId, s.StartedAt, s.Completed,
            [.. s.Targets.Select(t => new PropagationTargetView(t.Name, t.State.Status, t.State.Attempts, t.State.LastError, t.State.RetryAt, t.State.CompletedAt))]);
    }
}
