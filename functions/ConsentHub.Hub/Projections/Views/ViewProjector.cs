using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Projections;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Projections.Views;

/// A declared projection at work on stored rows: what the feeds (SQLite's global feed, Cosmos DB's change feed) run
/// without knowing the view's type. Registered per slice as `IViewProjector`.
public interface IViewProjector
{
    string Kind { get; }
    ProjectionLifecycle Lifecycle { get; }
    bool Covers(StreamId stream);

    /// The view after this event, or null when the view already reflects it (its version is at or past the event's).
    ViewRow? Apply(ViewRow? current, StoredEvent stored);

    /// Views of other keys the same step moves (the contact links a subject's event sets), from the view before and
    /// after it; each carries the version of the event's stream, so they are version-guarded like the view itself.
    IEnumerable<ViewRow> Related(ViewRow? before, ViewRow after) => [];
}

/// Hears every view a feed or a write of this process brings forward (whether or not this process stored it first):
/// what keeps an in-memory index current without replaying events.
public interface IViewObserver
{
    void Observe(ViewRow view);
}

public sealed class ViewProjector<TEvent, TView>(ViewProjection<TEvent, TView> projection) : IViewProjector
    where TEvent : class
    where TView : class
{
    public string Kind => projection.Kind;
    public ProjectionLifecycle Lifecycle => projection.Lifecycle;
    public bool Covers(StreamId stream) => projection.Covers(stream);

    public ViewRow? Apply(ViewRow? current, StoredEvent stored)
    {
        if (current is not null && current.Version >= stored.Version) return null;
        var view = projection.Evolve(current is null ? null : Read(current), EventCodec.Decode<TEvent>(stored.Type, stored.Data));
        return Row(stored.Stream.Tenant, stored.Stream.Key, stored.Version, view);
    }

    public ViewRow Row(string tenant, string key, long version, TView view) =>
        new(tenant, projection.Kind, key, version, projection.Due(view), JsonSerializer.Serialize(view, Json.Options));

    public static TView Read(ViewRow row) =>
        JsonSerializer.Deserialize<TView>(row.Body, Json.Options) ?? throw new JsonException($"Empty {row.Kind} view {row.Tenant}/{row.Key}");
}
