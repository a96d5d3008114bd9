using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Storage;
using ConsentHub.Hub.Storage.Cosmos;

namespace ConsentHub.Api.Tests.Stores;

/// Writes on long streams decide on the state kept with the stream's tip (a snapshot, or the state this process
/// folded last) and read only the events after it, yet decide exactly as on the whole stream.
public abstract partial class EventStoreContract
{
    private long EventsRead => Store switch
    {
        SqliteEventStore sqlite => sqlite.EventsRead,
        CosmosEventStore cosmos => cosmos.EventsRead,
        _ => throw new InvalidOperationException("the store counts no reads"),
    };

    private DeciderRunner<LedgerEvent, PartyState> Runner() => new(Store, PartyState.Initial, LedgerDecider.Evolve, PartyStateCodec.Instance);

    private static LedgerCommand.RecordObjection Objection(string request, string hash = "h", long? expected = null) =>
        new LedgerCommand.RecordObjection("direct-marketing", "email", false, Evidence.None, new EventMeta(request, hash, T0)) { ExpectedVersion = expected };

    private Task<Transacted<LedgerOutcome, PartyState>> WriteAsync(DeciderRunner<LedgerEvent, PartyState> runner, StreamId stream, LedgerCommand command) =>
        runner.TransactAsync(stream, state => LedgerDecider.Decide(command, state), e => e.Meta, default);

    /// `count` events of one request each ("r0", "r1", …, request hash "h"), written in commits of up to 100.
    private async Task WriteHistoryAsync(StreamId stream, int count)
    {
        for (var from = 0; from < count; from += 100)
        {
            var events = Enumerable.Range(from, Math.Min(100, count - from)).Select(i => Encode(stream, i % 2 == 0
                ? new LedgerEvent.ObjectionRecorded("direct-marketing", "all", Evidence.None, new EventMeta($"r{i}", "h", T0))
                : new LedgerEvent.ObjectionLifted("direct-marketing", "all", Evidence.None, new EventMeta($"r{i}", "h", T0)))).ToList();
            Assert.IsType<AppendResult.Ok>(await Store.AppendAsync(stream, from, events, default));
        }
    }

    [Fact]
    public async Task A_write_on_a_1000_event_stream_reads_its_snapshot_and_few_events_and_still_knows_its_first_request()
    {
        var stream = Stream("long");
        await WriteHistoryAsync(stream, 1000);
        Assert.IsType<LedgerOutcome.Recorded>((await WriteAsync(Runner(), stream, Objection("first-write"))).Result);   // folds all, keeps a snapshot
        var snapshot = await Store.ReadSnapshotAsync(stream, default);
        Assert.Equal(1001, snapshot?.Version);
        await AnotherWriterAppendsAsync(stream, 1001, 3);   // another writer moves the stream on past the snapshot

        var fresh = Runner();   // a process that has not folded this stream
        var before = EventsRead;
        var replay = await WriteAsync(fresh, stream, Objection("r0"));
        Assert.InRange(EventsRead - before, 1, DeciderRunner.SnapshotEvery);
        Assert.Equal(1, Assert.IsType<LedgerOutcome.Replayed>(replay.Result).First.Version);
        Assert.Null(replay.LastPosition);
        Assert.IsType<LedgerOutcome.KeyReused>((await WriteAsync(fresh, stream, Objection("r1", hash: "another"))).Result);
        Assert.Equal(1004, Assert.IsType<LedgerOutcome.VersionMismatch>((await WriteAsync(fresh, stream, Objection("stale", expected: 1001))).Result).Actual);

        before = EventsRead;
        var written = await WriteAsync(fresh, stream, Objection("new"));
        Assert.Equal(0, EventsRead - before);   // this process folded the stream up to its tip: nothing to read again
        Assert.Equal(1005, written.State.Version);
        Assert.Equal(1005, written.State.Requests["new"].Version);

        // The first runner's state is behind (1001): it reads the four events since and decides at the true version.
        var behind = await WriteAsync(Runner(), stream, Objection("later", expected: 1005));
        Assert.IsType<LedgerOutcome.Recorded>(behind.Result);
        Assert.Equal(1006, behind.State.Version);
        var all = await Store.ReadStreamAsync(stream, default);
        Assert.Equal(Enumerable.Range(1, 1006).Select(v => (long)v), all.Events.Select(e => e.Version));
        Assert.Equal(PartyStateCodec.Instance.Encode(LedgerDecider.Fold(all.Events.Select(e => EventCodec.Decode<LedgerEvent>(e.Type, e.Data)))),
            PartyStateCodec.Instance.Encode(await Runner().LoadAsync(stream, default)));
    }

    [Theory]
    [InlineData("party", 1, "{not json")]
    [InlineData("party", 1, "{\"party\":{\"version\":61}}")]
    [InlineData("party", 99, null)]
    [InlineData("visitor", 1, null)]
    [InlineData("party", 1, "wrong-version")]
    public async Task A_corrupt_or_unknown_snapshot_is_ignored_and_the_stream_refolded(string type, int schema, string? state)
    {
        var stream = Stream("odd");
        await WriteHistoryAsync(stream, 60);
        // A well-formed state that is not the stream's: it must never be decided on.
        var erased = PartyStateCodec.Instance.Encode(PartyState.Initial with { Version = state == "wrong-version" ? 5 : 61, Erased = true });
        var kept = new Snapshot(61, type, schema, state is null or "wrong-version" ? erased : state);
        Assert.IsType<AppendResult.Ok>(await Store.AppendAsync(stream, 60,
            [Encode(stream, new LedgerEvent.ObjectionRecorded("profiling", "all", Evidence.None, new EventMeta("r60", "h", T0)))], kept, default));

        var before = EventsRead;
        var replay = await WriteAsync(Runner(), stream, Objection("r0"));
        Assert.Equal(61, EventsRead - before);
        Assert.Equal(1, Assert.IsType<LedgerOutcome.Replayed>(replay.Result).First.Version);
        Assert.False(replay.State.Erased);
        Assert.IsType<LedgerOutcome.Recorded>((await WriteAsync(Runner(), stream, Objection("new"))).Result);
    }

    [Fact]
    public async Task An_erasure_replaces_the_snapshot_with_the_erased_state_which_holds_no_clear_text()
    {
        var person = await RecordProhibitionAsync();
        var runner = Runner();
        await WriteAsync(runner, person.Subject, new LedgerCommand.RecordConsent("newsletter", "email", true, "v1", Evidence.None, new EventMeta("consent", "h", T0)));
        var erasure = await WriteAsync(runner, person.Subject, new LedgerCommand.Erase(new EventMeta("erase", "h", T0)));
        Assert.IsType<LedgerOutcome.Recorded>(erasure.Result);

        var snapshot = await Store.ReadSnapshotAsync(person.Subject, default);
        Assert.Equal(4, snapshot?.Version);
        var kept = PartyStateCodec.Instance.Decode(snapshot!.State);
        Assert.True(kept.Erased);
        Assert.Empty(kept.Consents);
        Assert.Single(kept.Objections);
        Assert.DoesNotContain("maija", snapshot.State, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.7", snapshot.State, StringComparison.Ordinal);
        Assert.IsType<LedgerOutcome.SubjectErased>((await WriteAsync(Runner(), person.Subject, Objection("after"))).Result);
    }

    private async Task AnotherWriterAppendsAsync(StreamId stream, long at, int count) =>
        Assert.IsType<AppendResult.Ok>(await Store.AppendAsync(stream, at, [.. Enumerable.Range(0, count).Select(i =>
            Encode(stream, new LedgerEvent.ObjectionRecorded("profiling", "all", Evidence.None, new EventMeta($"other-{i}", "h", T0))))], default));
}
