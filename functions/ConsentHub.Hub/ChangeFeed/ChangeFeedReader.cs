using System.Net;
using System.Text.Json;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.ChangeFeed;

/// The self-hosted server's driver on Cosmos DB (the Functions host has its trigger instead): reads the events
/// container's change feed with the pull model under a lease, so that of several instances one reads at a time, and
/// hands each page to ChangeFeedHandler. The continuation is saved after each page and on "nothing new" (304), then
/// the reader polls. A document or commit that cannot be handled is logged, counted and passed over; a store that
/// does not answer stops the page, which is read again from the last checkpoint.
public sealed class ChangeFeedReader(CosmosContainers cosmos, ChangeFeedHandler handler, ChangeFeedStatus status, IOptions<ChangeFeedOptions> options,
    TimeProvider clock, ILogger<ChangeFeedReader> logger) : BackgroundService
{
    public const string LeaseId = "server-events-change-feed";
    private readonly string _owner = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var lease = new ChangeFeedLease(cosmos.Leases, LeaseId, _owner, clock, o.Lease);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await lease.AcquireAsync(stoppingToken)) await ReadAsync(lease, o.PageSize, stoppingToken);
                await Task.Delay(o.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Reading the change feed failed; it resumes from the last checkpoint");
                await Task.Delay(o.PollInterval, clock, stoppingToken);
            }
        }
    }

    /// Reads pages until the feed has nothing new or the lease is lost.
    private async Task ReadAsync(ChangeFeedLease lease, int pageSize, CancellationToken ct)
    {
        var start = lease.Continuation is { } saved ? ChangeFeedStartFrom.ContinuationToken(saved) : ChangeFeedStartFrom.Beginning();
        using var pages = cosmos.Events.GetChangeFeedStreamIterator(start, ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = pageSize });
        while (pages.HasMoreResults)
        {
            var asked = clock.GetUtcNow();
            using var response = await pages.ReadNextAsync(ct);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                await lease.CheckpointAsync(response.ContinuationToken, ct);   // renews the lease while idle
                status.CaughtUp(asked);
                return;
            }
            CosmosJson.EnsureSuccess(response, "read the change feed");
            using var page = await JsonDocument.ParseAsync(response.Content, cancellationToken: ct);
            var (commits, unreadable) = Commits(page.RootElement.GetProperty("Documents"));
            var poisoned = unreadable + await HandleAsync(commits, ct);
            status.Add(commits.Count, poisoned);
            if (!await lease.CheckpointAsync(response.ContinuationToken, ct))
            {
                logger.LogWarning("The change-feed lease passed to another instance; this one stops reading");
                return;
            }
        }
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

    // The store not answering is no fault of the record: the page is read again later, not passed over.
    private static bool Transient(Exception ex, CancellationToken ct) =>
        ct.IsCancellationRequested || ex is CosmosStoreException or CosmosException or HttpRequestException or OperationCanceledException;
}
