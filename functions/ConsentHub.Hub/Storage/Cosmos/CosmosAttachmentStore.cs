using System.Net;
using System.Text.Json.Nodes;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Requests;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Hub.Storage.Cosmos;

/// Attachments in the keys container, in their request stream's partition beside its key and, like it, outside the
/// change feed. A Cosmos DB item holds at most 2 MB, so the sealed bytes are cut into chunks of 1 MiB (base64 in the
/// document: about 1.4 MB), written first, and a head document naming their count written last: a reader finds an
/// attachment only once it is whole, and a rewrite (a retried upload) replaces every chunk.
public sealed class CosmosAttachmentStore(CosmosContainers cosmos) : IAttachmentStore
{
    private const int ChunkBytes = 1024 * 1024;
    private const string Prefix = "attachment:";

    public async Task PutAsync(StreamId stream, string attachmentId, byte[] sealedBytes, CancellationToken ct)
    {
        var partition = stream.ToString();
        var chunks = sealedBytes.Chunk(ChunkBytes).ToList();
        for (var i = 0; i < chunks.Count; i++)
            await UpsertAsync(new JsonObject { ["id"] = ChunkId(attachmentId, i), ["stream"] = partition, ["data"] = Convert.ToBase64String(chunks[i]) }, partition, ct);
        await UpsertAsync(new JsonObject { ["id"] = HeadId(attachmentId), ["stream"] = partition, ["chunks"] = chunks.Count, ["size"] = sealedBytes.Length }, partition, ct);
    }

    public async Task<byte[]?> GetAsync(StreamId stream, string attachmentId, CancellationToken ct)
    {
        var partition = stream.ToString();
        using var head = await CosmosJson.ReadAsync(cosmos.Keys, HeadId(attachmentId), partition, ct);
        if (head is null) return null;
        var bytes = new MemoryStream(head.RootElement.GetProperty("size").GetInt32());
        for (var i = 0; i < head.RootElement.GetProperty("chunks").GetInt32(); i++)
        {
            using var chunk = await CosmosJson.ReadAsync(cosmos.Keys, ChunkId(attachmentId, i), partition, ct);
            if (chunk is null) return null;   // deleted while read: erased
            bytes.Write(chunk.RootElement.GetProperty("data").GetBytesFromBase64());
        }
        return bytes.ToArray();
    }

    /// Heads first, so no reader finds a part-deleted attachment whole.
    public async Task<int> DeleteAllAsync(StreamId stream, CancellationToken ct)
    {
        var partition = stream.ToString();
        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.stream = @p AND STARTSWITH(c.id, @prefix)").WithParameter("@p", partition).WithParameter("@prefix", Prefix);
        var ids = (await CosmosJson.QueryAsync(cosmos.Keys, query, partition, "list attachments", ct)).Select(d => d.GetProperty("id").GetString()!).ToList();
        var heads = ids.Where(id => id.Count(c => c == ':') == 1).ToList();
        foreach (var id in heads.Concat(ids.Except(heads)))
        {
            using var response = await cosmos.Keys.DeleteItemStreamAsync(id, new PartitionKey(partition), cancellationToken: ct);
            if (response.StatusCode != HttpStatusCode.NotFound) CosmosJson.EnsureSuccess(response, "delete attachment");
        }
        return heads.Count;
    }

    private async Task UpsertAsync(JsonObject document, string partition, CancellationToken ct)
    {
        using var body = CosmosJson.Body(document);
        using var response = await cosmos.Keys.UpsertItemStreamAsync(body, new PartitionKey(partition), cancellationToken: ct);
        CosmosJson.EnsureSuccess(response, "write attachment");
    }

    private static string HeadId(string attachmentId) => Prefix + attachmentId;

    // A Cosmos DB id may not hold a slash, backslash, '?' or '#': a chunk is `attachment:{id}:{n}`.
    private static string ChunkId(string attachmentId, int index) => $"{Prefix}{attachmentId}:{index}";
}
