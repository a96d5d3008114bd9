using ConsentHub.Hub.Feed;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Hub.ChangeFeed;

/// What one batch of the events container's change feed did.
public sealed record ChangeFeedOutcome(int Commits, int Streams, int Moved, IReadOnlyList<string> Messages, IReadOnlyList<string> Skipped);

/// The one step both hosts take for a batch of the change feed (registered on Cosmos DB only): the Functions app's
/// change-feed sweep and the self-hosted server's reader (ChangeFeedReader). Brings the views of the
/// batch's streams up to date, appends the events CRMs receive to the pull feed, and starts the propagations.
/// Every step is idempotent (views guarded by version, the feed by event id, starts by change id), so a batch
/// handled twice changes nothing the second time.
public sealed class ChangeFeedHandler(ViewRefresh refresh, ChangeFeedEvents events, CosmosEventLog log, PropagationStarter starter)
{
    public bool CanStartPropagations => starter.CanStart;

    public async Task<ChangeFeedOutcome> HandleAsync(IReadOnlyList<ChangedCommit> commits, CancellationToken ct)
    {
        var streams = commits.Select(c => c.Stream).Distinct().ToList();
        var moved = await refresh.RefreshAsync(streams, ct);
        var (messages, stored, published, skipped) = await events.BuildAsync(commits, ct);
        await log.AppendAsync(published, ct);
        // Every change some target must hear of starts its propagation: idempotent, so a redelivered batch starts nothing twice.
        // Changes that stop processing first (PriorityChanges): an opt-out is not started after a batch of bulk work.
        foreach (var e in stored.OrderByDescending(PriorityChanges.IsPriority)) await starter.StartAsync(e, ct);
        return new ChangeFeedOutcome(commits.Count, streams.Count, moved, messages, skipped);
    }
}
