using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Projections;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;

namespace ConsentHub.Hub.Projections;

/// PartyProjection at work on stored rows: a subject's or contact point's view, and for a subject's step the links
/// of its contact points (PartyProjection.Links). Every step that moves what a contact point's checks answer also
/// records the contact point in the tenant's `contacts` change log, which the suppressions feed follows.
public sealed class PartyProjector(ViewProjection<LedgerEvent, PartyView> projection) : IViewProjector
{
    public static readonly PartyProjector Subjects = new(PartyProjection.Subjects);
    public static readonly PartyProjector Contacts = new(PartyProjection.Contacts);

    private readonly ViewProjector<LedgerEvent, PartyView> _views = new(projection);

    public string Kind => projection.Kind;
    public ProjectionLifecycle Lifecycle => projection.Lifecycle;
    public bool Covers(StreamId stream) => projection.Covers(stream);

    public static PartyProjector For(StreamId stream) => stream.IsSubject ? Subjects : Contacts;

    public ViewRow? Apply(ViewRow? current, StoredEvent stored) =>
        _views.Apply(current, stored) is { } next ? Logged(next, PartyViewOf(next)) : null;

    /// The row of a decided state: the inline write (the same as folding the projection over the stream).
    public ViewRow Row(string tenant, string key, PartyState state)
    {
        var view = PartyView.Of(state);
        return Logged(_views.Row(tenant, key, state.Version, view), view);
    }

    public IEnumerable<ViewRow> Related(ViewRow? before, ViewRow after)
    {
        if (projection != PartyProjection.Subjects) return [];
        var now = PartyViewOf(after);
        return LinkRows(after.Tenant, after.Key, after.Version, before is null ? PartyState.Initial : PartyViewOf(before).ToState(), now.ToState(), now.LastChangedAt);
    }

    /// As Related, from the decided states themselves (the inline write): the links read only the contact points and
    /// prohibitions, which a view holds as the state does, so the rows are those Related makes from the stored views.
    public IEnumerable<ViewRow> Related(string tenant, string key, PartyState before, PartyState after) =>
        projection == PartyProjection.Subjects ? LinkRows(tenant, key, after.Version, before, after, after.LastChangedAt) : [];

    private static IEnumerable<ViewRow> LinkRows(string tenant, string key, long version, PartyState was, PartyState now, DateTimeOffset? changedAt) =>
        PartyProjection.Links(key, was, now).Select(l => new ViewRow(tenant, PartyProjection.LinkKind,
            PartyProjection.LinkKey(l.Hash, key), version, null, JsonSerializer.Serialize(l.Link, Json.Options),
            new ViewChange(PartyProjection.ContactLog, l.Hash, changedAt ?? DateTimeOffset.UnixEpoch)));

    public static PartyView PartyViewOf(ViewRow row) => ViewProjector<LedgerEvent, PartyView>.Read(row);

    public static ContactLink LinkOf(ViewRow row) =>
        JsonSerializer.Deserialize<ContactLink>(row.Body, Json.Options) ?? throw new JsonException($"Empty link {row.Tenant}/{row.Key}");

    private ViewRow Logged(ViewRow row, PartyView view) => projection == PartyProjection.Contacts
        ? row with { Change = new(PartyProjection.ContactLog, row.Key, At(view)) }
        : row;

    private static DateTimeOffset At(PartyView view) => view.LastChangedAt ?? DateTimeOffset.UnixEpoch;
}
