using System.Text.Json;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Storage.Cosmos;

namespace ConsentHub.Hub.ChangeFeed;

/// A commit the change feed names: which stream moved, which versions, which event ids. Only a notice: the handler
/// reads the events themselves from the store, so a forged batch, should one get past the host-only guard
/// (HostCalls), can cause no more than a harmless re-projection.
public sealed record ChangedCommit(StreamId Stream, long First, long Last, IReadOnlyList<string> EventIds);

public static class ChangeFeedBatch
{
    /// The commits of a batch; the streams' snapshot documents, which share the container, are passed over.
    public static IReadOnlyList<ChangedCommit> Parse(JsonElement documents) =>
        [.. documents.EnumerateArray().Where(d => !IsSnapshot(d)).Select(ParseOne)];

    /// A stream's snapshot (id `snapshot`): a cache beside the commits, not a change.
    public static bool IsSnapshot(JsonElement document) =>
        document.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == SnapshotDocument.Id
        && !CommitDocument.IsCommit(document);

    /// One document of the events container; throws KeyNotFoundException, InvalidOperationException or FormatException for anything else.
    public static ChangedCommit ParseOne(JsonElement document)
    {
        var commit = CommitDocument.FromJson(document);
        return new ChangedCommit(commit.Stream, commit.First, commit.Last, [.. commit.Events.Select(e => e.EventId)]);
    }
}
