using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Storage.Cosmos;

/// A stream's snapshot as a document in the stream's own partition of the events container, beside its commits.
/// NB: stored format: add members, never rename them. It is not a commit (no `first`/`events`): readers of the
/// change feed skip it (CommitDocument.IsCommit).
public static class SnapshotDocument
{
    public const string Id = "snapshot";

    public static JsonObject ToJson(StreamId stream, Snapshot snapshot) => new()
    {
        ["id"] = Id,
        ["stream"] = CommitDocument.PartitionOf(stream),
        ["tenant"] = stream.Tenant,
        ["name"] = stream.Name,
        ["version"] = snapshot.Version,
        ["type"] = snapshot.Type,
        ["schema"] = snapshot.Schema,
        ["state"] = snapshot.State,
    };

    /// Null for a document that is not a readable snapshot: a snapshot is a cache, so the stream is refolded instead.
    public static Snapshot? FromJson(JsonElement document) =>
        document.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Number
        && document.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && document.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.Number
        && document.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.String
        && version.TryGetInt64(out var v) && schema.TryGetInt32(out var s)
            ? new Snapshot(v, type.GetString()!, s, state.GetString()!)
            : null;

    public static long? VersionOf(JsonObject document) =>
        document["version"] is JsonValue value && value.TryGetValue<long>(out var version) ? version : null;
}
