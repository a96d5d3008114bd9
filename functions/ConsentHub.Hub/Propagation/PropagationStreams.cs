using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Propagation;

/// The propagation streams' decider, one for the starter and the runner: the runner decides on the state the starter
/// just wrote (and on its own last write) without reading the stream back. The append's expected version stays the
/// check, so a writer elsewhere (another instance, the other driver) only makes it read again.
public sealed class PropagationStreams(IEventStore store)
{
    public DeciderRunner<PropagationEvent, PropagationState> Runner { get; } = new(store, PropagationState.Initial, PropagationState.Evolve);
}
