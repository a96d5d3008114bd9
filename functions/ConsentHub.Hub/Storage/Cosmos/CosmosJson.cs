using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Hub.Storage.Cosmos;

/// Stream-API helpers: the hub reads and writes documents as System.Text.Json, and 404/409/412 are values.
public static class CosmosJson
{
    public static async Task<JsonDocument?> ReadAsync(Container container, string id, string stream, CancellationToken ct)
    {
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(stream), cancellationToken: ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        EnsureSuccess(response, "read");
        return await JsonDocument.ParseAsync(response.Content, cancellationToken: ct);
    }

    /// A document to change, with the ETag to replace it under; null when absent.
    public static async Task<(JsonObject Document, string ETag)?> ReadForUpdateAsync(Container container, string id, string stream, CancellationToken ct)
    {
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(stream), cancellationToken: ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        EnsureSuccess(response, "read");
        var node = await JsonNode.ParseAsync(response.Content, cancellationToken: ct);
        return (node!.AsObject(), response.Headers.ETag);
    }

    /// Every document a query answers within one partition (the only kind of query the hub makes), page by page.
    public static async Task<List<JsonElement>> QueryAsync(Container container, QueryDefinition query, string partition, string operation, CancellationToken ct)
    {
        var documents = new List<JsonElement>();
        using var pages = container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(partition) });
        while (pages.HasMoreResults)
        {
            using var response = await pages.ReadNextAsync(ct);
            EnsureSuccess(response, operation);
            using var page = await JsonDocument.ParseAsync(response.Content, cancellationToken: ct);
            documents.AddRange(page.RootElement.GetProperty("Documents").EnumerateArray().Select(d => d.Clone()));
        }
        return documents;
    }

    public static MemoryStream Body(JsonNode document) => new(JsonSerializer.SerializeToUtf8Bytes(document));

    public static void EnsureSuccess(ResponseMessage response, string operation)
    {
        if (!response.IsSuccessStatusCode)
            throw new CosmosStoreException($"Cosmos DB {operation} answered {(int)response.StatusCode} {response.StatusCode}: {response.ErrorMessage}", (int)response.StatusCode);
    }
}

/// Cosmos DB answered something the store cannot treat as an outcome (throttling beyond the SDK's retries, outage).
/// `Status`: the HTTP status Cosmos DB answered, 0 when the failure was not an answer. `Contended`: other writers kept
/// taking the document first, every time the store tried.
public sealed class CosmosStoreException(string message, int status = 0, bool contended = false) : Exception(message)
{
    public int Status { get; } = status;
    public bool Contended { get; } = contended;
}
