using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Storage.Cosmos;

/// One commit as a document of the events container. NB: this IS the stored format (and what the change feed
/// delivers): add members, never rename them. The id is the commit's first version, zero-padded, so two writers
/// at the same expected version create the same id and the second gets 409. A commit is never replaced.
public sealed record CommitDocument(StreamId Stream, long First, long Last, IReadOnlyList<StoredEvent> Events)
{
    public static string IdOf(long firstVersion) => firstVersion.ToString("D10", CultureInfo.InvariantCulture);

    public static string PartitionOf(StreamId stream) => stream.ToString();

    public static JsonObject ToJson(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events) => new()
    {
        ["id"] = IdOf(expectedVersion + 1),
        ["stream"] = PartitionOf(stream),
        ["tenant"] = stream.Tenant,
        ["name"] = stream.Name,
        ["first"] = expectedVersion + 1,
        ["last"] = expectedVersion + events.Count,
        ["events"] = new JsonArray([.. events.Select(e => (JsonNode)new JsonObject
        {
            ["id"] = e.EventId,
            ["type"] = e.Type,
            ["at"] = e.RecordedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["data"] = JsonNode.Parse(e.Data),
        })]),
    };

    /// Whether a document of the events container is a commit (the stream's snapshot shares its partition).
    public static bool IsCommit(JsonElement document) => document.TryGetProperty("first", out _) && document.TryGetProperty("events", out _);

    /// Reads a commit as stored or as the change feed delivers it (with or without Cosmos DB's system members).
    public static CommitDocument FromJson(JsonElement document)
    {
        var stream = new StreamId(document.GetProperty("tenant").GetString()!, document.GetProperty("name").GetString()!);
        var first = document.GetProperty("first").GetInt64();
        var events = document.GetProperty("events").EnumerateArray().Select((e, i) => new StoredEvent(0, stream, first + i,
            e.GetProperty("id").GetString()!, e.GetProperty("type").GetString()!, e.GetProperty("data").GetRawText(),
            DateTimeOffset.Parse(e.GetProperty("at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))).ToList();
        return new CommitDocument(stream, first, document.GetProperty("last").GetInt64(), events);
    }
}
