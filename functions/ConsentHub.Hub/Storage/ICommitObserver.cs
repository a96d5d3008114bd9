using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Storage;

/// Told of each commit right after the store made it durable, in the writer's flow. The Functions app registers one
/// to start a change's propagation at once (it has no change-feed trigger); the self-hosted server registers none and
/// starts propagations from its own reading of the log. An observer must not throw: the commit stands whatever it does.
public interface ICommitObserver
{
    Task CommittedAsync(IReadOnlyList<StoredEvent> events, CancellationToken ct);
}
