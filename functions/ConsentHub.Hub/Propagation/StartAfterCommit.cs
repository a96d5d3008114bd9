using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Propagation;

/// Starts the propagation of each change right after its commit, for a host without a change-feed trigger (the
/// Functions app). A start that fails here is logged and left to the change-feed sweep, which starts whatever the
/// write path missed; the write itself stands, so the caller is not told of it.
public sealed class StartAfterCommit(IServiceProvider services, ILogger<StartAfterCommit> logger) : ICommitObserver
{
    public async Task CommittedAsync(IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        // The starter's own writes (propagation streams) come back here too: only changes some target may hear of start anything
        // (a request's changes mail the person a notice).
        var changes = events.Where(e => e.Stream.IsSubject || e.Stream.IsContact || e.Stream.IsRequest).ToList();
        if (changes.Count == 0) return;
        // Resolved now, not injected: the starter writes through the event store that calls this observer.
        var starter = services.GetRequiredService<PropagationStarter>();
        foreach (var change in changes)
        {
            try
            {
                await starter.StartAsync(change, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogError("The propagation of event {Version} of {Stream} was not started after its commit; the change-feed sweep starts it: {Message}",
                    change.Version, change.Stream, ex.Message);
            }
        }
    }
}
