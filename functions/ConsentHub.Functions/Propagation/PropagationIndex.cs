using System.Collections.Concurrent;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Propagation;

public sealed record PropagationEntry(string Tenant, string Id, PropagationState State, DateTimeOffset StartedAt);

/// Projection of the propagation streams, for the status route.
public sealed class PropagationIndex
{
    private readonly ConcurrentDictionary<StreamId, PropagationEntry> _entries = new();

    public void Apply(StoredEvent stored, PropagationEvent e) =>
        _entries.AddOrUpdate(stored.Stream,
            _ => new PropagationEntry(stored.Stream.Tenant, stored.Stream.Name, PropagationState.Evolve(PropagationState.Initial, e), stored.RecordedAt),
            (_, current) => current with { State = PropagationState.Evolve(current.State, e) });

    public IEnumerable<PropagationEntry> For(string tenant) => _entries.Values.Where(e => e.Tenant == tenant && e.State.Change is not null);
}
