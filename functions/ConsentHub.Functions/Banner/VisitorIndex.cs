using System.Collections.Concurrent;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Banner;

/// The banner state per visitor (latest choice, linked subject), kept by the projection host from visitor streams.
public sealed class VisitorIndex
{
    private readonly ConcurrentDictionary<StreamId, VisitorState> _visitors = new();

    public VisitorState? Find(string tenant, string visitorId) => _visitors.GetValueOrDefault(StreamId.Visitor(tenant, visitorId));

    public void Apply(StoredEvent stored, VisitorEvent e) =>
        _visitors[stored.Stream] = VisitorDecider.Evolve(_visitors.GetValueOrDefault(stored.Stream) ?? VisitorState.Initial, e);
}
