using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Hub.Projections.Views;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Hub.Storage.Cosmos;

/// Views as documents of the views container: `{ id: key, stream: "{tenant}/view:{kind}", version, due?, body }`.
/// One partition per tenant and kind, so every query is a single-partition query (which the local test server runs
/// too; cross-partition query plans it cannot). A partition `view:{kind}` lists the tenants holding views of that
/// kind (`{ id: tenant }`), written before a tenant's first view, for jobs that go through every tenant.
/// Writes replace under the ETag read and never put an older version over a newer.
public sealed class CosmosViewStore(CosmosContainers cosmos) : IViewStore
{
    // One log append at a time per change log in this instance: writers of one instance then never race each other
    // for the log's head (16 writers at once used to lose 50 rounds in a row), and only other instances' writers can.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _logTurns = new(StringComparer.Ordinal);

    public async Task<ViewRow?> GetAsync(string tenant, string kind, string key, CancellationToken ct)
    {
        using var document = await CosmosJson.ReadAsync(cosmos.Views, key, PartitionOf(tenant, kind), ct);
        return document is null ? null : Row(tenant, kind, document.RootElement);
    }

    public async Task<IReadOnlyList<ViewRow>> GetManyAsync(string tenant, string kind, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var partition = new PartitionKey(PartitionOf(tenant, kind));
        var rows = new List<ViewRow>();
        foreach (var chunk in keys.Distinct().Chunk(100))   // a bounded request each; one of thousands of ids is slow to plan
        {
            using var response = await cosmos.Views.ReadManyItemsStreamAsync([.. chunk.Select(k => (k, partition))], cancellationToken: ct);
            CosmosJson.EnsureSuccess(response, "read views");
            using var page = await JsonDocument.ParseAsync(response.Content, cancellationToken: ct);
            rows.AddRange(page.RootElement.GetProperty("Documents").EnumerateArray().Select(d => Row(tenant, kind, d)));
        }
        return rows;
    }

    public async Task<bool> PutAsync(ViewRow view, CancellationToken ct)
    {
        var partition = PartitionOf(view.Tenant, view.Kind);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var read = await CosmosJson.ReadForUpdateAsync(cosmos.Views, view.Key, partition, ct);
            if ((long?)read?.Document["version"] >= view.Version)
            {
                // Written already; but if the instance stopped between the view and its log entry, the redelivery
                // logs it now, or a sender following the suppressions feed would never hear of this change.
                if (view.Change is { } logged && !await LoggedAsync(view, logged, ct)) await LogAsync(view, logged, ct);
                return false;
            }
            if (read is null) await ListTenantAsync(view.Tenant, view.Kind, ct);
            var next = new JsonObject
            {
                ["id"] = view.Key,
                ["stream"] = partition,
                ["version"] = view.Version,
                ["body"] = JsonNode.Parse(view.Body),
            };
            if (view.Due is { } due) next["due"] = due.ToUnixTimeMilliseconds();   // absent: out of the due index
            using var body = CosmosJson.Body(next);
            using var response = read is { } existing
                ? await cosmos.Views.ReplaceItemStreamAsync(body, view.Key, new PartitionKey(partition), new ItemRequestOptions { IfMatchEtag = existing.ETag }, ct)
                : await cosmos.Views.CreateItemStreamAsync(body, new PartitionKey(partition), cancellationToken: ct);
            if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict) continue;   // another writer: read again
            CosmosJson.EnsureSuccess(response, "write view");
            if (view.Change is { } change) await LogAsync(view, change, ct);
            return true;
        }
        throw new CosmosStoreException($"The {view.Kind} view {view.Tenant}/{view.Key} kept changing under the write", contended: true);
    }

    public async Task<IReadOnlyList<ViewRow>> ListAsync(string tenant, string kind, DateTimeOffset? dueBefore, CancellationToken ct)
    {
        var query = dueBefore is { } before
            ? new QueryDefinition("SELECT * FROM c WHERE c.stream = @p AND c.due < @before").WithParameter("@before", before.ToUnixTimeMilliseconds())
            : new QueryDefinition("SELECT * FROM c WHERE c.stream = @p");
        var rows = (await QueryAsync(query.WithParameter("@p", PartitionOf(tenant, kind)), PartitionOf(tenant, kind), ct)).Select(d => Row(tenant, kind, d));
        return [.. dueBefore is null ? rows : rows.OrderBy(r => r.Due)];
    }

    public async Task<IReadOnlyList<ViewRow>> StartingWithAsync(string tenant, string kind, string keyPrefix, CancellationToken ct) =>
        [.. (await QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.stream = @p AND STARTSWITH(c.id, @prefix)")
            .WithParameter("@p", PartitionOf(tenant, kind)).WithParameter("@prefix", keyPrefix), PartitionOf(tenant, kind), ct)).Select(d => Row(tenant, kind, d))];

    /// The head document holds the last sequence handed out; an entry is written with the next one before the head
    /// moves (under its ETag), and readers list entries only up to the head they read first. A writer that loses the
    /// race writes its entry again with a later sequence, so no reader passes a change for good before it is listed.
    public async Task<ChangePage> ChangesAsync(string tenant, string log, long after, int limit, CancellationToken ct)
    {
        var partition = LogOf(tenant, log);
        using var head = await CosmosJson.ReadAsync(cosmos.Views, Head, partition, ct);
        var last = head?.RootElement.GetProperty("sequence").GetInt64() ?? 0;
        // The store orders and limits the page: a tenant's log grows with every contact point, a page does not.
        var query = new QueryDefinition($"SELECT TOP {Math.Max(limit, 1)} * FROM c WHERE c.stream = @p AND c.id != @head AND c.sequence > @after AND c.sequence <= @last ORDER BY c.sequence")
            .WithParameter("@p", partition).WithParameter("@head", Head).WithParameter("@after", after).WithParameter("@last", last);
        var changes = (await QueryAsync(query, partition, ct))
            .Select(d => new LoggedChange(d.GetProperty("id").GetString()!, d.GetProperty("sequence").GetInt64(), d.GetProperty("at").GetDateTimeOffset()))
            .ToList();
        return new(changes, changes.Count == limit ? changes[^1].Sequence : Math.Max(after, last));
    }

    private const string Head = "~head";

    private static string LogOf(string tenant, string log) => $"{tenant}/changes:{log}";

    /// Whether the key's entry was logged by this view at this version or later. Another view logging the same key
    /// (two subjects sharing a contact point) answers no, so a redelivery may list the key once more, never once less.
    private async Task<bool> LoggedAsync(ViewRow view, ViewChange change, CancellationToken ct)
    {
        using var entry = await CosmosJson.ReadAsync(cosmos.Views, change.Key, LogOf(view.Tenant, change.Log), ct);
        return entry is not null && entry.RootElement.TryGetProperty("view", out var by) && by.GetString() == view.Key
            && entry.RootElement.TryGetProperty("version", out var version) && version.GetInt64() >= view.Version;
    }

    private async Task LogAsync(ViewRow view, ViewChange change, CancellationToken ct)
    {
        var tenant = view.Tenant;
        var partition = LogOf(tenant, change.Log);
        var turn = _logTurns.GetOrAdd(partition, static _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(ct);
        try
        {
            await AppendToLogAsync(view, change, partition, ct);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task AppendToLogAsync(ViewRow view, ViewChange change, string partition, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            // Another instance took the head: wait a little, longer each time and at random, so that the instances
            // contending take turns rather than losing together.
            if (attempt > 0) await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 << Math.Min(attempt, 6))), ct);
            var head = await CosmosJson.ReadForUpdateAsync(cosmos.Views, Head, partition, ct);
            var sequence = ((long?)head?.Document["sequence"] ?? 0) + 1;
            using (var entry = CosmosJson.Body(new JsonObject { ["id"] = change.Key, ["stream"] = partition, ["sequence"] = sequence, ["at"] = change.At, ["view"] = view.Key, ["version"] = view.Version }))
            using (var written = await cosmos.Views.UpsertItemStreamAsync(entry, new PartitionKey(partition), cancellationToken: ct))
                CosmosJson.EnsureSuccess(written, "log change");
            using var body = CosmosJson.Body(new JsonObject { ["id"] = Head, ["stream"] = partition, ["sequence"] = sequence });
            using var moved = head is { } existing
                ? await cosmos.Views.ReplaceItemStreamAsync(body, Head, new PartitionKey(partition), new ItemRequestOptions { IfMatchEtag = existing.ETag }, ct)
                : await cosmos.Views.CreateItemStreamAsync(body, new PartitionKey(partition), cancellationToken: ct);
            if (moved.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict) continue;   // another writer took it: next sequence
            CosmosJson.EnsureSuccess(moved, "log change");
            return;
        }
        throw new CosmosStoreException($"The {change.Log} change log of {view.Tenant} kept changing under the write", contended: true);
    }

    public async Task<IReadOnlyList<string>> TenantsAsync(string kind, CancellationToken ct) =>
        [.. (await QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.stream = @p").WithParameter("@p", TenantsOf(kind)), TenantsOf(kind), ct))
            .Select(d => d.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    private static string PartitionOf(string tenant, string kind) => $"{tenant}/view:{kind}";

    private static string TenantsOf(string kind) => $"view:{kind}";

    private async Task ListTenantAsync(string tenant, string kind, CancellationToken ct)
    {
        using var body = CosmosJson.Body(new JsonObject { ["id"] = tenant, ["stream"] = TenantsOf(kind) });
        using var response = await cosmos.Views.CreateItemStreamAsync(body, new PartitionKey(TenantsOf(kind)), cancellationToken: ct);
        if (response.StatusCode != HttpStatusCode.Conflict) CosmosJson.EnsureSuccess(response, "list tenant");   // 409: listed already
    }

    private Task<List<JsonElement>> QueryAsync(QueryDefinition query, string partition, CancellationToken ct) =>
        CosmosJson.QueryAsync(cosmos.Views, query, partition, "query views", ct);

    private static ViewRow Row(string tenant, string kind, JsonElement document) => new(tenant, kind,
        document.GetProperty("id").GetString()!, document.GetProperty("version").GetInt64(),
        document.TryGetProperty("due", out var due) && due.ValueKind == JsonValueKind.Number ? DateTimeOffset.FromUnixTimeMilliseconds(due.GetInt64()) : null,
        document.GetProperty("body").GetRawText());
}
