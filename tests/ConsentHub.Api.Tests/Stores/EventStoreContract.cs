using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;

namespace ConsentHub.Api.Tests.Stores;

/// What a store under test offers: the event store, its key store, the projection that checks read, and a way to
/// deliver the changes of some streams to that projection (a change-feed batch, or a catch-up of the global feed).
public sealed record StoreUnderTest(IEventStore Store, IStreamKeyStore Keys, IPartyLookup Lookup, Func<IReadOnlyList<StreamId>, Task> Deliver);

/// One conformance suite for the event-store port, run against every store.
public abstract partial class EventStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, 123, TimeSpan.Zero);
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..8];
    private StoreUnderTest _under = null!;

    protected abstract Task<StoreUnderTest> StartAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _under = await StartAsync();

    private IEventStore Store => _under.Store;

    private StreamId Stream(string name) => StreamId.Subject(_tenant, name);

    private static EventData Event(string id, string data = "{\"n\":1}") => new(id, "objection.recorded/v1", data, T0);

    [Fact]
    public async Task A_second_writer_at_the_same_expected_version_gets_a_conflict()
    {
        Assert.IsType<AppendResult.Ok>(await Store.AppendAsync(Stream("a"), 0, [Event("a-1")], default));
        var conflict = Assert.IsType<AppendResult.Conflict>(await Store.AppendAsync(Stream("a"), 0, [Event("a-2")], default));
        Assert.Equal(1, conflict.ActualVersion);
    }

    [Fact]
    public async Task Writing_the_same_event_ids_again_is_a_conflict_not_a_second_copy()
    {
        await Store.AppendAsync(Stream("b"), 0, [Event("b-1")], default);
        Assert.IsType<AppendResult.Conflict>(await Store.AppendAsync(Stream("b"), 1, [Event("b-1")], default));
        Assert.IsType<AppendResult.Conflict>(await Store.AppendAsync(Stream("b"), 1, [Event("b-2"), Event("b-1")], default));
        Assert.Equal(["b-1"], (await Store.ReadStreamAsync(Stream("b"), default)).Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task An_event_id_is_unique_within_its_stream_as_ids_are_derived_from_it()
    {
        Assert.IsType<AppendResult.Ok>(await Store.AppendAsync(Stream("d1"), 0, [Event("d-1")], default));
        Assert.IsType<AppendResult.Ok>(await Store.AppendAsync(Stream("d2"), 0, [Event("d-1")], default));
        Assert.IsType<AppendResult.Conflict>(await Store.AppendAsync(Stream("d2"), 1, [Event("d-1")], default));
        Assert.Equal(["d-1"], (await Store.ReadStreamAsync(Stream("d2"), default)).Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_commit_of_several_events_reads_back_whole_at_consecutive_versions()
    {
        var ok = Assert.IsType<AppendResult.Ok>(await Store.AppendAsync(Stream("c"), 0,
            [Event("c-1", "{\"a\":\"x\"}"), Event("c-2", "{\"b\":[1,2]}"), Event("c-3", "{}")], default));
        var slice = await Store.ReadStreamAsync(Stream("c"), default);
        Assert.Equal(3, ok.NewVersion);
        Assert.Equal(3, slice.Version);
        Assert.Equal([1L, 2L, 3L], slice.Events.Select(e => e.Version));
        Assert.Equal(["c-1", "c-2", "c-3"], slice.Events.Select(e => e.EventId));
        Assert.All(slice.Events, e => Assert.Equal((T0, "objection.recorded/v1", Stream("c")), (e.RecordedAt, e.Type, e.Stream)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"b\":[1,2]}"), JsonNode.Parse(slice.Events[1].Data)));
    }

    [Fact]
    public async Task An_unknown_stream_reads_empty_and_an_append_beyond_its_head_is_a_conflict()
    {
        var empty = await Store.ReadStreamAsync(Stream("nobody"), default);
        Assert.Equal((0L, 0), (empty.Version, empty.Events.Count));
        Assert.Equal(0, Assert.IsType<AppendResult.Conflict>(await Store.AppendAsync(Stream("nobody"), 4, [Event("n-1")], default)).ActualVersion);
    }

    [Fact]
    public async Task Streams_of_the_same_name_in_two_tenants_are_apart()
    {
        await Store.AppendAsync(StreamId.Subject(_tenant + "x", "same"), 0, [Event(_tenant + "x-1")], default);
        await Store.AppendAsync(StreamId.Subject(_tenant + "y", "same"), 0, [Event(_tenant + "y-1")], default);
        Assert.Single((await Store.ReadStreamAsync(StreamId.Subject(_tenant + "x", "same"), default)).Events);
    }

    [Fact]
    public async Task Writers_racing_at_one_expected_version_leave_exactly_one_winner()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Store.AppendAsync(Stream("race"), 0, [Event($"race-{i}")], default)));
        Assert.Single(results.OfType<AppendResult.Ok>());
        Assert.Single((await Store.ReadStreamAsync(Stream("race"), default)).Events);
    }

    [Fact]
    public async Task Many_writers_on_one_stream_each_store_their_event_once_at_distinct_versions()
    {
        const int writers = 12;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async i =>
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var slice = await Store.ReadStreamAsync(Stream("busy"), default);
                if (await Store.AppendAsync(Stream("busy"), slice.Version, [Event($"busy-{i}")], default) is AppendResult.Ok) return;
            }
            Assert.Fail($"writer {i} never got its turn");
        }));
        var events = (await Store.ReadStreamAsync(Stream("busy"), default)).Events;
        Assert.Equal(writers, events.Count);
        Assert.Equal(Enumerable.Range(1, writers).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(writers, events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Redelivered_changes_leave_the_projection_as_it_was()
    {
        var person = await RecordProhibitionAsync();
        await _under.Deliver([person.Subject]);
        await _under.Deliver([person.Subject]);                     // the same batch again
        await _under.Deliver([person.Subject, person.Subject]);     // and once more, twice over

        var states = (await _under.Lookup.StatesAsync([person.Contact], default))[0];
        var subject = Assert.Single(states);
        Assert.Equal(2, subject.Version);
        Assert.Single(subject.Objections);
        Assert.Equal(Reasons.DirectMarketingProhibited, Decide(person, states).Reason);
        Assert.Equal(2, Assert.Single((await _under.Lookup.StatesAsync([person.Subject], default))[0]).Version);
    }

    [Fact]
    public async Task After_erasure_sealed_values_are_unreadable_and_the_prohibition_still_holds()
    {
        var person = await RecordProhibitionAsync();
        await _under.Deliver([person.Subject]);
        Assert.Equal("maija@example.fi", (await new Sealer(new StreamKeys(_under.Keys, person.Secrets)).OpenerAsync(person.Subject, default))(person.Email.Value));

        await new StreamKeys(_under.Keys, person.Secrets).DestroyAsync(person.Subject, default);
        Assert.IsType<AppendResult.Ok>(await Store.AppendAsync(person.Subject, 2,
            [Encode(person.Subject, new LedgerEvent.SubjectErased(Meta("erase")))], default));
        await _under.Deliver([person.Subject]);

        Assert.Null(await _under.Keys.FindAsync(person.Subject, default));
        var open = await new Sealer(new StreamKeys(_under.Keys, person.Secrets)).OpenerAsync(person.Subject, default);
        Assert.Null(open(person.Email.Value));
        var stored = await Store.ReadStreamAsync(person.Subject, default);
        Assert.DoesNotContain(stored.Events, e => e.Data.Contains("maija", StringComparison.Ordinal) || e.Data.Contains("10.0.0.7", StringComparison.Ordinal));
        var states = (await _under.Lookup.StatesAsync([person.Contact], default))[0];
        Assert.True(Assert.Single(states).Erased);
        Assert.Equal(Reasons.DirectMarketingProhibited, Decide(person, states).Reason);
    }

    private sealed record Person(StreamId Subject, StreamId Contact, ContactRef Email, HubSecrets Secrets);

    /// A subject with an e-mail address (sealed) and a direct-marketing prohibition on every channel, in two commits.
    private async Task<Person> RecordProhibitionAsync()
    {
        var secrets = new HubSecrets(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var subject = StreamId.Subject(_tenant, "s-" + Guid.NewGuid().ToString("N")[..6]);
        var seal = (await new Sealer(new StreamKeys(_under.Keys, secrets)).ForStreamAsync(subject, default))!;
        var hash = new ContactHasher(secrets).Hash(_tenant, new ContactPoint(ContactKind.Email, "maija@example.fi"));
        var email = new ContactRef(hash, seal("maija@example.fi")!.Value);
        Assert.IsType<AppendResult.Ok>(await Store.AppendAsync(subject, 0,
            [Encode(subject, new LedgerEvent.ContactPointsChanged(new([email]), new([]), Meta("contacts")))], default));
        Assert.IsType<AppendResult.Ok>(await Store.AppendAsync(subject, 1,
            [Encode(subject, new LedgerEvent.ObjectionRecorded("direct-marketing", "all", new Evidence(Ip: seal("10.0.0.7")), Meta("objection")))], default));
        return new Person(subject, StreamId.Contact(_tenant, hash), email, secrets);
    }

    private Permission Decide(Person person, IReadOnlyCollection<Domain.Ledger.PartyState> states) =>
        PermissionPolicy.Decide(Catalog(), "direct-marketing", "email", new Recipient.Contact(new ContactPoint(ContactKind.Email, "maija@example.fi")), states);

    private TenantCatalog Catalog() =>
        new(JsonSerializer.Deserialize<TenantDefinition>(JsonSerializer.Serialize(Catalogs.Tenant(_tenant)), Json.Options)!);

    private static EventMeta Meta(string request) => new(request, "hash-" + request, T0);

    private static EventData Encode(StreamId stream, LedgerEvent e)
    {
        var (type, data) = EventCodec.Encode(e);
        return new EventData(EventIds.For(stream, e.Meta.RequestId, 0), type, data, e.Meta.At);
    }
}
