using System.Collections.Immutable;
using System.Net;
using ConsentHub.Domain.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace ConsentHub.Functions.Storage.Cosmos;

/// The event store on Cosmos DB: partition key = stream, one document per commit created at id = first version.
/// Only point reads and creates: no queries, no transactional batch. A stream is read by following its commits
/// (the next commit's id is the last version + 1) from a per-instance cache of the commits already seen, which is
/// always correct because commits are immutable; a read ends at the first id that is not there.
public sealed class CosmosEventStore(CosmosContainers cosmos) : IEventStore, IDisposable
{
    private readonly MemoryCache _commits = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public string Kind => "cosmos";

    public async Task<StreamSlice> ReadStreamAsync(StreamId stream, CancellationToken ct)
    {
        var commits = await ReadCommitsAsync(stream, ct);
        return new StreamSlice(Head(commits), [.. commits.SelectMany(c => c.Events)]);
    }

    public async Task<AppendResult> AppendAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken ct)
    {
        var commits = await ReadCommitsAsync(stream, ct);
        var head = Head(commits);
        if (head != expectedVersion) return new AppendResult.Conflict(head);
        if (events.Count == 0) return new AppendResult.Ok(head, 0);
        // Unique event ids, as in SQLite: a retried commit of the same events is a conflict, not a second copy.
        // Event ids are derived from their stream (EventIds), so one stream's commits are the only place to look.
        var ids = events.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        if (ids.Count < events.Count || commits.Any(c => c.Events.Any(e => ids.Contains(e.EventId))))
            return new AppendResult.Conflict(head);

        using var body = CosmosJson.Body(CommitDocument.ToJson(stream, expectedVersion, events));
        using var response = await cosmos.Events.CreateItemStreamAsync(body, new(CommitDocument.PartitionOf(stream)), cancellationToken: ct);
        if (response.StatusCode == HttpStatusCode.Conflict)
            return new AppendResult.Conflict(Head(await ReadCommitsAsync(stream, ct)));   // another writer won this version
        CosmosJson.EnsureSuccess(response, "create commit");
        return new AppendResult.Ok(expectedVersion + events.Count, 0);
    }

    /// The stream's commits as stored documents: what the change feed delivers for it.
    public async Task<IReadOnlyList<CommitDocument>> ReadCommitsAsync(StreamId stream, CancellationToken ct)
    {
        var known = _commits.Get<ImmutableList<CommitDocument>>(stream) ?? [];
        var found = known;
        while (await CosmosJson.ReadAsync(cosmos.Events, CommitDocument.IdOf(Head(found) + 1), CommitDocument.PartitionOf(stream), ct) is { } document)
        {
            using (document) found = found.Add(CommitDocument.FromJson(document.RootElement));
        }
        if (found.Count > known.Count)
            _commits.Set(stream, found, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return found;
    }

    private static long Head(IReadOnlyList<CommitDocument> commits) => commits.Count == 0 ? 0 : commits[^1].Last;

    public void Dispose() => _commits.Dispose();
}
