using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Requests;
using ConsentHub.Hub.Projections.Views;

namespace ConsentHub.Hub.Requests;

/// The query port of data subject requests: lookups, the list and the deadline job read it, on either store, from
/// the views RequestProjection declares (written inline by each write, repaired from the feed).
public sealed class RequestViews(IViewStore views)
{
    public static readonly ViewProjector<RequestEvent, RequestSummary> Projector = new(RequestProjection.Declaration);

    private static string Kind => RequestProjection.Declaration.Kind;

    public async Task<RequestView?> FindAsync(string tenant, string id, CancellationToken ct) =>
        await views.GetAsync(tenant, Kind, id, ct) is { } row ? View(row) : null;

    public async Task<IReadOnlyList<RequestView>> ListAsync(string tenant, CancellationToken ct) =>
        [.. (await views.ListAsync(tenant, Kind, null, ct)).Select(View)];

    /// Open requests past their deadline, tenant by tenant.
    public Task<IReadOnlyList<(string Tenant, RequestView Request)>> OverdueAsync(DateTimeOffset now, CancellationToken ct) => DueBeforeAsync(now, ct);

    /// Open requests due before `before`, tenant by tenant (only open requests are in the due index).
    public async Task<IReadOnlyList<(string Tenant, RequestView Request)>> DueBeforeAsync(DateTimeOffset before, CancellationToken ct)
    {
        var due = new List<(string, RequestView)>();
        foreach (var tenant in await views.TenantsAsync(Kind, ct))
            due.AddRange((await views.ListAsync(tenant, Kind, before, ct)).Select(row => (tenant, View(row))));
        return due;
    }

    /// The inline write: after the append, before the write answers. Version-guarded, so a slower writer of an older state changes nothing.
    public Task WriteAsync(string tenant, string id, RequestState state, CancellationToken ct) =>
        RequestProjection.Of(state) is { } summary ? views.PutAsync(Projector.Row(tenant, id, state.Version, summary), ct) : Task.CompletedTask;

    private static RequestView View(ViewRow row)
    {
        var s = ViewProjector<RequestEvent, RequestSummary>.Read(row);
        return new(row.Key, s.SubjectId, s.Type, s.Status, s.ReceivedAt, s.DueAt, s.Extended, s.Channel, s.Language);
    }
}
