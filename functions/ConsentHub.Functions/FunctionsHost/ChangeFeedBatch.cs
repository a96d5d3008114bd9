using System.Text.Json;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Storage.Cosmos;

namespace ConsentHub.Functions.FunctionsHost;

/// A commit the change feed names: which stream moved, which versions, which event ids. Only a notice: the handler
/// reads the events themselves from the store, so a forged batch, should one get past the host-only guard
/// (HostCalls), can cause no more than a harmless re-projection.
public sealed record ChangedCommit(StreamId Stream, long First, long Last, IReadOnlyList<string> EventIds);

public static class ChangeFeedBatch
{
    public static IReadOnlyList<ChangedCommit> Parse(JsonElement documents) =>
        [.. documents.EnumerateArray().Where(CommitDocument.IsCommit).Select(d =>
        {
            var commit = CommitDocument.FromJson(d);
            return new ChangedCommit(commit.Stream, commit.First, commit.Last, [.. commit.Events.Select(e => e.EventId)]);
        })];
}
