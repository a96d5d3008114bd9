using System.Net;
using System.Text.Json.Nodes;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Security;

namespace ConsentHub.Functions.Storage.Cosmos;

/// Wrapped stream keys in the keys container: one document per stream (id `key`), outside the events container so
/// no change feed carries them. Destroying one deletes it: the stream's sealed values stay unreadable for good
/// (Cosmos DB backups age out on their retention period, as the SQLite file's backups do).
public sealed class CosmosStreamKeyStore(CosmosContainers cosmos) : IStreamKeyStore
{
    private const string Id = "key";

    public async Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct)
    {
        using var document = await CosmosJson.ReadAsync(cosmos.Keys, Id, stream.ToString(), ct);
        return document is null ? null : document.RootElement.GetProperty("wrappedKey").GetBytesFromBase64();
    }

    public async Task<byte[]> AddOrGetAsync(StreamId stream, byte[] wrappedKey, CancellationToken ct)
    {
        using var body = CosmosJson.Body(new JsonObject
        {
            ["id"] = Id,
            ["stream"] = stream.ToString(),
            ["wrappedKey"] = Convert.ToBase64String(wrappedKey),
        });
        using var response = await cosmos.Keys.CreateItemStreamAsync(body, new(stream.ToString()), cancellationToken: ct);
        if (response.StatusCode == HttpStatusCode.Conflict)
            return await FindAsync(stream, ct) ?? throw new CosmosStoreException($"The key of {stream} was destroyed while being created");
        CosmosJson.EnsureSuccess(response, "create stream key");
        return wrappedKey;
    }

    public async Task DestroyAsync(StreamId stream, CancellationToken ct)
    {
        using var response = await cosmos.Keys.DeleteItemStreamAsync(Id, new(stream.ToString()), cancellationToken: ct);
        if (response.StatusCode != HttpStatusCode.NotFound) CosmosJson.EnsureSuccess(response, "delete stream key");
    }
}
