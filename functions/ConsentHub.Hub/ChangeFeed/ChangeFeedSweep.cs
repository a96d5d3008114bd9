using System.Net;
using System.Text.Json;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.ChangeFeed;

/// What one sweep did: whether this instance held the lease, how many commits it handled, and whether it reached the
/// end of the feed (304).
public sealed record SweepOutcome(bool Leased, int Commits, bool CaughtUp);

/// One pass over the events container's change feed (pull model), under the lease: from the saved continuation to
/// "nothing new" (304), handing each page to ChangeFeedHandler and saving the continuation after it. Both hosts take
/// it: the self-hosted server's reader in a loop, the Functions app's timer once per tick. A document or commit that
/// cannot be handled is logged, counted and passed over; a store or driver that does not answer stops the pass, and
/// the page is read again from the last checkpoint.
public sealed class ChangeFeedSweep(CosmosContainers cosmos, ChangeFeedHandler handler, ChangeFeedStatus status, IOptions<ChangeFeedOptions> options,
    TimeProvider clock, ILogger<ChangeFeedSweep> logger)
{
    /// One lease document per account, whichever host reads: a Functions app taking over from a server goes on from its continuation.
    public const string LeaseId = "server-events-change-feed";

    /// A lease held by this owner (one per instance, so it renews its own lease from one pass to the next).
    public ChangeFeedLease Lease(string owner) => new(cosmos.Leases, LeaseId, owner, clock, options.Value.Lease);

    /// Takes or renews the lease and reads to the end of the feed; does nothing while another instance holds the lease.
    public async Task<SweepOutcome> RunAsync(ChangeFeedLease lease, CancellationToken ct)
    {
        if (!await lease.AcquireAsync(ct)) return new SweepOutcome(false, 0, false);
        var start = lease.Continuation is { } saved ? ChangeFeedStartFrom.ContinuationToken(saved) : ChangeFeedStartFrom.Beginning();
        using var pages = cosmos.Events.GetChangeFeedStreamIterator(start, ChangeFeedMode.LatestVersion,
            new ChangeFeedRequestOptions { PageSizeHint = options.Value.PageSize });
        var handled = 0;
        while (pages.HasMoreResults)
        {
            var asked = clock.GetUtcNow();
            using var response = await pages.ReadNextAsync(ct);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                await lease.CheckpointAsync(response.ContinuationToken, ct);   // renews the lease while idle
                status.CaughtUp(asked);
                return new SweepOutcome(true, handled, true);
            }
            CosmosJson.EnsureSuccess(response, "read the change feed");
            using var page = await JsonDocument.ParseAsync(response.Content, cancellationToken: ct);
            var (commits, unreadable) = Commits(page.RootElement.GetProperty("Documents"));
            var poisoned = unreadable + await HandleAsync(commits, ct);
            status.Add(commits.Count, poisoned);
            handled += commits.Count;
            if (!await lease.CheckpointAsync(response.ContinuationToken, ct))
            {
                logger.LogWarning("The change-feed lease passed to another instance; this one stops reading");
                return new SweepOutcome(true, handled, false);
            }
        }
        return new SweepOutcome(true, handled, false);
    }

    private (List<ChangedCommit> Commits, int Unreadable) Commits(JsonElement documents)
    {
        var commits = new List<ChangedCommit>();
        var unreadable = 0;
        foreach (var document in documents.EnumerateArray().Where(d => !ChangeFeedBatch.IsSnapshot(d)))
        {
            try
            {
                commits.Add(ChangeFeedBatch.ParseOne(document));
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
            {
                unreadable++;
                logger.LogError("Change-feed document {Id} is not a commit and is passed over: {Message}",
                    document.TryGetProperty("id", out var id) ? id.ToString() : "?", ex.Message);
            }
        }
        return (commits, unreadable);
    }

    /// The page at once; if it fails for a reason other than the store, commit by commit, passing over those that fail. Answers how many were passed over.
    private async Task<int> HandleAsync(List<ChangedCommit> commits, CancellationToken ct)
    {
        if (commits.Count == 0) return 0;
        try
        {
            await handler.HandleAsync(commits, ct);
            return 0;
        }
        catch (Exception ex) when (!Transient(ex, ct))
        {
            logger.LogWarning("A change-feed page of {Count} commit(s) failed ({Message}); handling them one by one", commits.Count, ex.Message);
        }
        var poisoned = 0;
        foreach (var commit in commits)
        {
            try
            {
                await handler.HandleAsync([commit], ct);
            }
            catch (Exception ex) when (!Transient(ex, ct))
            {
                poisoned++;
                logger.LogError(ex, "Commit {Stream}@{First} of the change feed could not be handled and is passed over", commit.Stream, commit.First);
            }
        }
        return poisoned;
    }

    // The store or the propagation driver not answering is no fault of the record: the page is read again later, not passed over.
    private static bool Transient(Exception ex, CancellationToken ct) =>
        ct.IsCancellationRequested || ex is CosmosStoreException or CosmosException or HttpRequestException or OperationCanceledException or PropagationDispatchException;
}
