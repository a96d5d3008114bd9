using System.Net;
using System.Text.Json.Nodes;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Storage.Cosmos;

/// Wrapped stream keys in the keys container: one document per stream (id `key`), outside the events container so
/// no change feed carries them. Destroying one replaces it with a tombstone (`erased: true`, no key): the stream's
/// sealed values stay unreadable for good, and the create that a later write would attempt conflicts with it.
/// (Cosmos DB backups age out on their retention period, as the SQLite file's backups do.)
public sealed class CosmosStreamKeyStore(CosmosContainers cosmos) : IStreamKeyStore
{
    private const string Id = "key";

    public async Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct)
    {
        using var document = await CosmosJson.ReadAsync(cosmos.Keys, Id, stream.ToString(), ct);
        return document is not null && document.RootElement.TryGetProperty("wrappedKey", out var key) ? key.GetBytesFromBase64() : null;
    }

    public async Task<bool> ErasedAsync(StreamId stream, CancellationToken ct)
    {
        using var document = await CosmosJson.ReadAsync(cosmos.Keys, Id, stream.ToString(), ct);
        return document is not null && document.RootElement.TryGetProperty("erased", out var erased) && erased.ValueKind == System.Text.Json.JsonValueKind.True;
    }

    public async Task<byte[]?> AddOrGetAsync(StreamId stream, byte[] wrappedKey, CancellationToken ct)
    {
        using var body = CosmosJson.Body(new JsonObject
        {
            ["id"] = Id,
            ["stream"] = stream.ToString(),
            ["wrappedKey"] = Convert.ToBase64String(wrappedKey),
        });
        using var response = await cosmos.Keys.CreateItemStreamAsync(body, new(stream.ToString()), cancellationToken: ct);
        if (response.StatusCode == HttpStatusCode.Conflict) return await FindAsync(stream, ct);   // another writer's key, or a tombstone
        CosmosJson.EnsureSuccess(response, "create stream key");
        return wrappedKey;
    }

    public async Task DestroyAsync(StreamId stream, CancellationToken ct)
    {
        using var body = CosmosJson.Body(new JsonObject { ["id"] = Id, ["stream"] = stream.ToString(), ["erased"] = true });
        using var response = await cosmos.Keys.UpsertItemStreamAsync(body, new(stream.ToString()), cancellationToken: ct);
        CosmosJson.EnsureSuccess(response, "replace stream key with its tombstone");
    }
}
