using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Holds;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Requests;

/// Legal holds (GDPR art. 17(3)(b) and (e): data needed for a legal obligation or a legal claim may outlive erasure).
/// What a hold keeps is copied, before the erasure destroys the subject's keys, into the hold's own stream, sealed with
/// the hold's own key: every other key goes at once, so no route that reads the subject's streams (history, export,
/// events feed, webhooks) can show the held data. No route reads the hold's stream; the retention step destroys its key
/// on its date.
public sealed class LegalHolds(IEventStore store, IViewStore views, Sealer sealer, StreamKeys keys)
{
    public static readonly ViewProjector<HoldEvent, HoldSummary> Projector = new(HoldProjection.Declaration);

    private static string Kind => HoldProjection.Declaration.Kind;

    public static StreamId StreamOf(string tenant, string subjectId) => new(tenant, "hold-" + subjectId);

    public async Task<HoldSummary?> FindAsync(string tenant, string subjectId, CancellationToken ct) =>
        await views.GetAsync(tenant, Kind, subjectId, ct) is { } row ? ViewProjector<HoldEvent, HoldSummary>.Read(row) : null;

    /// Places the hold once: a repeated erasure (a retry after a crash) finds it placed and changes nothing.
    public async Task PlaceAsync(string tenant, string subjectId, EquatableArray<string> keep, DateTimeOffset until, string reason, object held,
        EventMeta meta, CancellationToken ct)
    {
        var stream = StreamOf(tenant, subjectId);
        if ((await store.ReadStreamAsync(stream, ct)).Version > 0) return;
        var seal = await sealer.ForStreamAsync(stream, ct) ?? throw new InvalidOperationException($"The hold {stream} was shredded before it was placed");
        var placed = new HoldEvent.Placed(subjectId, keep, until, seal(reason), seal(JsonSerializer.Serialize(held, Json.Options)), meta);
        await AppendAsync(stream, 0, placed, ct);
    }

    /// Destroys the keys of the holds whose date has passed, in every tenant; answers how many it shredded.
    public async Task<int> ShredDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var shredded = 0;
        foreach (var tenant in await views.TenantsAsync(Kind, ct))
            foreach (var row in await views.ListAsync(tenant, Kind, now, ct))
            {
                var stream = StreamOf(tenant, row.Key);
                // The key first: a crash before the event is written leaves the data unreadable, and the next run writes it.
                await keys.DestroyAsync(stream, ct);
                var slice = await store.ReadStreamAsync(stream, ct);
                if (slice.Events.Any(e => EventCodec.Decode<HoldEvent>(e.Type, e.Data) is HoldEvent.Shredded)) continue;
                var requestId = "shred:" + row.Key;
                await AppendAsync(stream, slice.Version, new HoldEvent.Shredded(new EventMeta(requestId, requestId, now, "retention")), ct);
                shredded++;
            }
        return shredded;
    }

    // A lost race (another instance placed or shredded the hold) leaves the other's event, which says the same.
    private async Task AppendAsync(StreamId stream, long expected, HoldEvent e, CancellationToken ct)
    {
        var (type, data) = EventCodec.Encode(e);
        var appended = await store.AppendAsync(stream, expected, [new EventData(EventIds.For(stream, e.Meta.RequestId, 0), type, data, e.Meta.At)], ct);
        if (appended is not AppendResult.Ok ok) return;
        var events = (await store.ReadStreamAsync(stream, ct)).Events.Select(s => EventCodec.Decode<HoldEvent>(s.Type, s.Data));
        var view = events.Aggregate((HoldSummary?)null, HoldProjection.Evolve)!;
        await views.PutAsync(Projector.Row(stream.Tenant, stream.Key, ok.NewVersion, view), ct);
    }
}
