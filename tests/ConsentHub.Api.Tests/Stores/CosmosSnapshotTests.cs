using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.ChangeFeed;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Storage.Cosmos;

namespace ConsentHub.Api.Tests.Stores;

/// On Cosmos DB an instance that has never read a stream starts from the snapshot document in the stream's
/// partition and reads only the commits after it, one point read each, instead of every commit of the stream.
[Collection(CosmosCollection.B)]
public sealed class CosmosSnapshotTests(CosmosServer server) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private CosmosContainers _cosmos = null!;

    public async Task InitializeAsync()
    {
        _cosmos = new CosmosContainers(server.Options(CosmosServer.NewDatabase()), server.Http);
        await _cosmos.EnsureCreatedAsync(default);
    }

    public Task DisposeAsync()
    {
        _cosmos.Dispose();
        return Task.CompletedTask;
    }

    private static DeciderRunner<LedgerEvent, PartyState> Runner(IEventStore store) => new(store, PartyState.Initial, LedgerDecider.Evolve, PartyStateCodec.Instance);

    private static Task<Transacted<LedgerOutcome, PartyState>> WriteAsync(IEventStore store, StreamId stream, string request) =>
        Runner(store).TransactAsync(stream, s => LedgerDecider.Decide(new LedgerCommand.RecordObjection("direct-marketing", "email", false, Evidence.None,
            new EventMeta(request, "h", T0)), s), e => e.Meta, default);

    [Fact]
    public async Task A_new_instance_writes_on_a_long_stream_from_its_snapshot_not_commit_by_commit()
    {
        var stream = StreamId.Subject("t1", "long");
        using var first = new CosmosEventStore(_cosmos);
        for (var i = 0; i < 80; i++)   // one commit per write, as the hub writes them
            Assert.IsType<AppendResult.Ok>(await first.AppendAsync(stream, i, [Event(stream, $"r{i}")], default));
        await WriteAsync(first, stream, "snapshotting");   // version 81: keeps a snapshot
        Assert.IsType<AppendResult.Ok>(await first.AppendAsync(stream, 81, [Event(stream, "after-1")], default));
        Assert.IsType<AppendResult.Ok>(await first.AppendAsync(stream, 82, [Event(stream, "after-2")], default));

        using var second = new CosmosEventStore(_cosmos);   // another instance, nothing cached
        var replay = await WriteAsync(second, stream, "r0");
        Assert.Equal(1, Assert.IsType<LedgerOutcome.Replayed>(replay.Result).First.Version);
        Assert.Equal(2, second.CommitsFetched);   // 82 and 83, after the snapshot at 81
        var written = await WriteAsync(second, stream, "new");
        Assert.IsType<LedgerOutcome.Recorded>(written.Result);
        Assert.Equal(84, written.State.Version);
        Assert.Equal(84, (await first.ReadStreamAsync(stream, default)).Version);

        // The snapshot shares the commits' partition, so the change feed delivers it too: it is not taken for a commit.
        using var snapshot = await CosmosJson.ReadAsync(_cosmos.Events, SnapshotDocument.Id, stream.ToString(), default);
        using var commit = await CosmosJson.ReadAsync(_cosmos.Events, CommitDocument.IdOf(84), stream.ToString(), default);
        var batch = JsonSerializer.SerializeToElement(new[] { snapshot!.RootElement, commit!.RootElement });
        Assert.Equal(84, Assert.Single(ChangeFeedBatch.Parse(batch)).First);
    }

    private static EventData Event(StreamId stream, string request)
    {
        var (type, data) = EventCodec.Encode(new LedgerEvent.ObjectionRecorded("profiling", "all", Evidence.None, new EventMeta(request, "h", T0)));
        return new EventData(EventIds.For(stream, request, 0), type, data, T0);
    }
}
