using System.Collections.Immutable;
using System.Net;
using ConsentHub.Domain.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Caching.Memory;

namespace ConsentHub.Hub.Storage.Cosmos;

/// The event store on Cosmos DB: partition key = stream, one document per commit created at id = first version.
/// Only point reads, creates and a version-guarded replace of the snapshot: no queries, no transactional batch. A
/// stream is read by following its commits (the next commit's id is the last version + 1) from a per-instance cache
/// of the commits already seen, which is always correct because commits are immutable; a read ends at the first id
/// that is not there. A read may start at a snapshot's version, which is always the end of a commit. Each new commit
/// is told to the commit observers (none on the self-hosted server).
public sealed class CosmosEventStore(CosmosContainers cosmos, IEnumerable<ICommitObserver>? observers = null) : IEventStore, IDisposable
{
    private readonly MemoryCache _commits = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private long _eventsRead;
    private long _commitsFetched;

    public string Kind => "cosmos";

    /// How many events stream reads have returned: tests see how much a write reads.
    public long EventsRead => Interlocked.Read(ref _eventsRead);

    /// How many commit documents this instance has read from Cosmos DB (its cache of commits aside).
    public long CommitsFetched => Interlocked.Read(ref _commitsFetched);

    public Task<StreamSlice> ReadStreamAsync(StreamId stream, CancellationToken ct) => ReadStreamAsync(stream, 0, ct);

    public async Task<StreamSlice> ReadStreamAsync(StreamId stream, long afterVersion, CancellationToken ct)
    {
        var known = await FollowAsync(stream, afterVersion, ct);
        List<StoredEvent> events = [.. known.Commits.SkipWhile(c => c.Last <= afterVersion).SelectMany(c => c.Events).Where(e => e.Version > afterVersion)];
        Interlocked.Add(ref _eventsRead, events.Count);
        return new StreamSlice(known.Head, events);
    }

    public async Task<Snapshot?> ReadSnapshotAsync(StreamId stream, CancellationToken ct)
    {
        using var document = await CosmosJson.ReadAsync(cosmos.Events, SnapshotDocument.Id, CommitDocument.PartitionOf(stream), ct);
        if (document is null || SnapshotDocument.FromJson(document.RootElement) is not { } snapshot) return null;
        // Only this store writes snapshots, each at the end of a commit: a read may follow the stream from there.
        if (_commits.Get<Known>(stream) is not { } cached || cached.Head < snapshot.Version) Remember(stream, new Known(snapshot.Version, []));
        return snapshot;
    }

    public Task<AppendResult> AppendAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken ct) =>
        AppendAsync(stream, expectedVersion, events, null, ct);

    /// The snapshot is written after the commit (this server has no transaction across documents): it may lag the
    /// stream or be lost, which costs a later write only a longer read.
    public async Task<AppendResult> AppendAsync(StreamId stream, long expectedVersion, IReadOnlyList<EventData> events, Snapshot? snapshot, CancellationToken ct)
    {
        Snapshot.RequireAt(snapshot, expectedVersion + events.Count);
        var known = await FollowAsync(stream, expectedVersion, ct);
        if (known.Head != expectedVersion) return new AppendResult.Conflict(known.Head);
        if (events.Count == 0) return new AppendResult.Ok(known.Head, 0);
        // Unique event ids, as in SQLite: a retried commit of the same events is a conflict, not a second copy.
        // Event ids are derived from their stream (EventIds), so one stream's commits are the only place to look; a
        // stream read from a snapshot is checked from there on (earlier requests are in the state the decider saw).
        var ids = events.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        if (ids.Count < events.Count || known.Commits.Any(c => c.Events.Any(e => ids.Contains(e.EventId))))
            return new AppendResult.Conflict(known.Head);

        using var body = CosmosJson.Body(CommitDocument.ToJson(stream, expectedVersion, events));
        using var response = await cosmos.Events.CreateItemStreamAsync(body, new(CommitDocument.PartitionOf(stream)), cancellationToken: ct);
        if (response.StatusCode == HttpStatusCode.Conflict)
            return new AppendResult.Conflict((await FollowAsync(stream, expectedVersion, ct)).Head);   // another writer won this version
        CosmosJson.EnsureSuccess(response, "create commit");
        var commit = new CommitDocument(stream, expectedVersion + 1, expectedVersion + events.Count, [.. events.Select((e, i) =>
            new StoredEvent(0, stream, expectedVersion + 1 + i, e.EventId, e.Type, e.Data, e.RecordedAt))]);
        Remember(stream, known with { Commits = known.Commits.Add(commit) });
        if (snapshot is not null) await KeepSnapshotAsync(stream, snapshot, ct);
        foreach (var observer in observers ?? []) await observer.CommittedAsync(commit.Events, ct);
        return new AppendResult.Ok(expectedVersion + events.Count, 0);
    }

    /// The stream's commits as stored documents: what the change feed delivers for it.
    public async Task<IReadOnlyList<CommitDocument>> ReadCommitsAsync(StreamId stream, CancellationToken ct) =>
        (await FollowAsync(stream, 0, ct)).Commits;

    /// Replaced only under the ETag of an older snapshot, so a late writer never puts back an older state; a lost race
    /// or a failed write leaves the older snapshot, and the append it follows stands.
    private async Task KeepSnapshotAsync(StreamId stream, Snapshot snapshot, CancellationToken ct)
    {
        var partition = CommitDocument.PartitionOf(stream);
        try
        {
            var current = await CosmosJson.ReadForUpdateAsync(cosmos.Events, SnapshotDocument.Id, partition, ct);
            if (current is { } held && SnapshotDocument.VersionOf(held.Document) >= snapshot.Version) return;
            using var body = CosmosJson.Body(SnapshotDocument.ToJson(stream, snapshot));
            using var response = current is { } older
                ? await cosmos.Events.ReplaceItemStreamAsync(body, SnapshotDocument.Id, new(partition), new ItemRequestOptions { IfMatchEtag = older.ETag }, ct)
                : await cosmos.Events.CreateItemStreamAsync(body, new(partition), cancellationToken: ct);
        }
        catch (Exception ex) when (ex is CosmosException or CosmosStoreException or HttpRequestException or OperationCanceledException)
        {
            // The commit is durable: the write succeeded, only its snapshot lags.
        }
    }

    /// Follows the stream from what this instance knows (when that starts at or before `from`) or from its start.
    private async Task<Known> FollowAsync(StreamId stream, long from, CancellationToken ct)
    {
        var cached = _commits.Get<Known>(stream);
        var known = cached is not null && cached.From <= from ? cached : new Known(0, []);
        while (await CosmosJson.ReadAsync(cosmos.Events, CommitDocument.IdOf(known.Head + 1), CommitDocument.PartitionOf(stream), ct) is { } document)
        {
            Interlocked.Increment(ref _commitsFetched);
            using (document) known = known with { Commits = known.Commits.Add(CommitDocument.FromJson(document.RootElement)) };
        }
        if (!ReferenceEquals(known, cached)) Remember(stream, known);
        return known;
    }

    private void Remember(StreamId stream, Known known) =>
        _commits.Set(stream, known, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });

    /// The commits this instance has seen of a stream, contiguous from just after `From`: the end of a commit (a
    /// snapshot's version), or 0 when they are the whole stream.
    private sealed record Known(long From, ImmutableList<CommitDocument> Commits)
    {
        public long Head => Commits.Count == 0 ? From : Commits[^1].Last;
    }

    public void Dispose() => _commits.Dispose();
}
