using System.Net;
using System.Text.Json.Nodes;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Hub.ChangeFeed;

/// Who reads the change feed, and where it got to: one document of the leases container (`{ id, owner, expires,
/// continuation }`), written only under the ETag of its last read or write. An instance holds the lease until it runs
/// out; another takes it over only then, from the continuation last saved. A holder that lost it learns so at its next
/// checkpoint (412) and stops before handling anything more, so at most one reader's work is saved at a time.
public sealed class ChangeFeedLease(Container leases, string id, string owner, TimeProvider clock, TimeSpan duration)
{
    private string? _etag;

    /// The saved position of the feed; null: from the beginning.
    public string? Continuation { get; private set; }

    /// Takes the lease, or renews it; false while another instance holds one that has not run out.
    public async Task<bool> AcquireAsync(CancellationToken ct)
    {
        var read = await CosmosJson.ReadForUpdateAsync(leases, id, id, ct);
        if (read is { } held && (string?)held.Document["owner"] != owner
            && (long?)held.Document["expires"] > clock.GetUtcNow().ToUnixTimeMilliseconds())
        {
            _etag = null;
            return false;
        }
        return await WriteAsync(read?.ETag, read is { } r ? (string?)r.Document["continuation"] : null, ct);
    }

    /// Saves the position reached and renews the lease; false when another instance took it meanwhile.
    public Task<bool> CheckpointAsync(string? continuation, CancellationToken ct) =>
        _etag is null ? Task.FromResult(false) : WriteAsync(_etag, continuation ?? Continuation, ct);

    private async Task<bool> WriteAsync(string? etag, string? continuation, CancellationToken ct)
    {
        using var body = CosmosJson.Body(new JsonObject
        {
            ["id"] = id,
            ["owner"] = owner,
            ["expires"] = (clock.GetUtcNow() + duration).ToUnixTimeMilliseconds(),
            ["continuation"] = continuation,
        });
        using var response = etag is null
            ? await leases.CreateItemStreamAsync(body, new PartitionKey(id), cancellationToken: ct)
            : await leases.ReplaceItemStreamAsync(body, id, new PartitionKey(id), new ItemRequestOptions { IfMatchEtag = etag }, ct);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
        {
            _etag = null;   // another instance wrote first: it holds the lease
            return false;
        }
        CosmosJson.EnsureSuccess(response, "write the change-feed lease");
        _etag = response.Headers.ETag;
        Continuation = continuation;
        return true;
    }
}
