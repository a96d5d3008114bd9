using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Hub.Propagation;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Hub.Storage.Cosmos;

/// The self-hosted server's propagation queue on Cosmos DB: one document per task in partition `work:propagation` of
/// the views container (`{ id, tenant, propagation, target, state, due, leaseUntil }`), so leasing is a
/// single-partition query. Finished tasks are deleted, so the partition holds only work in hand. A task is leased by
/// replacing it under the ETag read: of several instances one wins each task, and a task whose instance died is
/// leased again once its lease runs out (at-least-once, as the SQLite queue).
public sealed class CosmosPropagationQueue(CosmosContainers cosmos) : IPropagationQueue
{
    public const string Partition = "work:propagation";
    private static readonly PartitionKey Key = new(Partition);

    public async Task EnqueueAsync(IReadOnlyList<PropagationTask> tasks, DateTimeOffset dueAt, CancellationToken ct)
    {
        foreach (var task in tasks)
        {
            using var body = CosmosJson.Body(new JsonObject
            {
                ["id"] = IdOf(task),
                ["stream"] = Partition,
                ["tenant"] = task.Tenant,
                ["propagation"] = task.PropagationId,
                ["target"] = task.Target,
                ["state"] = "ready",
                ["due"] = dueAt.ToUnixTimeMilliseconds(),
                ["leaseUntil"] = 0L,
                ["priority"] = task.Priority,
            });
            using var response = await cosmos.Views.CreateItemStreamAsync(body, Key, cancellationToken: ct);
            if (response.StatusCode != HttpStatusCode.Conflict) CosmosJson.EnsureSuccess(response, "enqueue a propagation task");   // 409: queued already
        }
    }

    public Task<IReadOnlyList<PropagationTask>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct) =>
        LeaseAsync("AND (NOT IS_DEFINED(c.priority) OR c.priority = false)", max, now, lease, ct);

    public Task<IReadOnlyList<PropagationTask>> LeasePriorityAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct) =>
        LeaseAsync("AND c.priority = true", max, now, lease, ct);

    private async Task<IReadOnlyList<PropagationTask>> LeaseAsync(string only, int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        var query = new QueryDefinition($"SELECT TOP {max} * FROM c WHERE c.stream = @p AND c.state = 'ready' {only} AND c.due <= @now AND c.leaseUntil <= @now ORDER BY c.due")
            .WithParameter("@p", Partition).WithParameter("@now", now.ToUnixTimeMilliseconds());
        var leased = new List<PropagationTask>();
        using var pages = cosmos.Views.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = Key });
        while (pages.HasMoreResults)
        {
            using var response = await pages.ReadNextAsync(ct);
            CosmosJson.EnsureSuccess(response, "find due propagation tasks");
            var page = await JsonNode.ParseAsync(response.Content, cancellationToken: ct);
            foreach (var document in page!["Documents"]!.AsArray().OfType<JsonObject>())
            {
                var etag = (string)document["_etag"]!;
                document["leaseUntil"] = (now + lease).ToUnixTimeMilliseconds();
                if (await ReplaceAsync(document, etag, ct)) leased.Add(TaskOf(document));   // false: another instance leased it first
            }
        }
        return leased;
    }

    public Task RescheduleAsync(PropagationTask task, DateTimeOffset dueAt, CancellationToken ct) =>
        UpdateAsync(task, d => { d["due"] = dueAt.ToUnixTimeMilliseconds(); d["leaseUntil"] = 0L; }, ct);

    public async Task CompleteAsync(PropagationTask task, CancellationToken ct)
    {
        using var response = await cosmos.Views.DeleteItemStreamAsync(IdOf(task), Key, cancellationToken: ct);
        if (response.StatusCode != HttpStatusCode.NotFound) CosmosJson.EnsureSuccess(response, "complete a propagation task");
    }

    public Task DeadLetterAsync(PropagationTask task, CancellationToken ct) =>
        UpdateAsync(task, d => { d["state"] = "dead"; d["leaseUntil"] = 0L; }, ct);

    private async Task UpdateAsync(PropagationTask task, Action<JsonObject> change, CancellationToken ct)
    {
        if (await CosmosJson.ReadForUpdateAsync(cosmos.Views, IdOf(task), Partition, ct) is not { } read) return;
        change(read.Document);
        await ReplaceAsync(read.Document, read.ETag, ct);
    }

    private async Task<bool> ReplaceAsync(JsonObject document, string etag, CancellationToken ct)
    {
        using var body = CosmosJson.Body(document);
        using var response = await cosmos.Views.ReplaceItemStreamAsync(body, (string)document["id"]!, Key, new ItemRequestOptions { IfMatchEtag = etag }, ct);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound) return false;
        CosmosJson.EnsureSuccess(response, "update a propagation task");
        return true;
    }

    private static PropagationTask TaskOf(JsonObject d) =>
        new((string)d["tenant"]!, (string)d["propagation"]!, (string)d["target"]!, d["priority"]?.GetValue<bool>() ?? false);

    // Ids may not hold '/', '\', '?' or '#', which targets and tenants might: a hash of the three keeps them out.
    private static string IdOf(PropagationTask task) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { task.Tenant, task.PropagationId, task.Target }))));
}
