using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

/// The party index keeps each view as a few bytes and a subject's own listing of an address as no bytes at all:
/// whatever a stored view holds comes back from memory value for value but for the sealed values of contact points
/// (read from the store when asked for), after a start-up that streams the stored rows and after a view observed at
/// run time, and a link whose subject moved on is read from the store, never guessed.
public sealed class CompactPartyIndexTests : IAsyncLifetime
{
    private const string Tenant = "tiivis";
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

    private SqliteEventStore _store = null!;
    private SqliteViewStore _views = null!;

    public Task InitializeAsync()
    {
        var db = new SqliteDatabase(Path.Combine(TestHub.NewDataDir(), "consenthub.db"));
        _store = new SqliteEventStore(db);
        _views = new SqliteViewStore(db, _store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static string Hash(string text) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ContactRef Contact(string text) => new(Hash(text), new Sealed(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("sealed:" + text))));

    /// Every member set, with the values the compact form must not bend: times at other offsets and to the tick,
    /// nulls beside values, a hash and a sealed value not in their usual forms, long and non-ASCII words.
    private static PartyView Everything(long version) => new(version,
        [new("direct-marketing", "email", At, "crm"), new("profiling", "all", At.AddTicks(1), null), new(new string('x', 80), "sms", At.ToOffset(TimeSpan.FromHours(-5)), "käsin")],
        [new("market-research", "email", true, At, "2026-01-01", "crm"), new("market-research", null, false, At.AddDays(1), null, null)],
        [new("offers", new NewsletterEntry(NewsletterStatus.Subscribed, At, At.AddMinutes(1), null, "sv")),
         new("weekly", new NewsletterEntry(NewsletterStatus.Unsubscribed, At, null, At.AddHours(1), null))],
        true, At.AddSeconds(3),
        [Contact("a@example.fi"), new ContactRef("not-a-hash", new Sealed("not base64 ä"))],
        [Contact("+358401234567")],
        null, true, At.AddDays(2), ["visitor-1", "visitor-2"], [Contact("push-token")], At.AddDays(3));

    private static PartyView Bare(long version) => PartyView.Of(PartyState.Initial with
    {
        Version = version,
        Identity = new LedgerEvent.ContactIdentified("email", Contact("bare@example.fi"), new EventMeta("r1", "h1", At, "crm")),
        Objections = ImmutableDictionaryOf(new ObjectionKey("direct-marketing", "all"), new ObjectionEntry(At, null)),
    });

    private static System.Collections.Immutable.ImmutableDictionary<ObjectionKey, ObjectionEntry> ImmutableDictionaryOf(ObjectionKey key, ObjectionEntry entry) =>
        System.Collections.Immutable.ImmutableDictionary<ObjectionKey, ObjectionEntry>.Empty.Add(key, entry);

    private static ViewRow Row(string kind, string key, long version, object body) => new(Tenant, kind, key, version, null, JsonSerializer.Serialize(body, Json.Options));

    private static string Shown(PartyState? state) => state is null ? "none" : JsonSerializer.Serialize(PartyView.Of(state), Json.Options);

    private static string Shown(IEnumerable<ContactLink> links) =>
        JsonSerializer.Serialize(links.OrderBy(l => l.SubjectId, StringComparer.Ordinal).Select(l => l with { Value = default }), Json.Options);

    /// A state as memory keeps it: its contact points' sealed values left to the store.
    private static PartyState Unsealed(PartyState state) => state with
    {
        Emails = new(state.Emails.Select(c => c with { Value = default })),
        Phones = new(state.Phones.Select(c => c with { Value = default })),
        Push = new(state.Push.Select(c => c with { Value = default })),
    };

    [Fact]
    public async Task Every_value_of_a_stored_view_comes_back_after_a_streamed_start_and_after_an_observed_write()
    {
        var subject = Everything(7);
        var bare = Bare(3);
        var ownListing = new ContactLink("s1", true, "email", subject.Emails[0].Value);
        var letGo = new ContactLink("s2", false, "phone", new Sealed("b2xk"), new HeldProhibitions([new("direct-marketing", "all", At, "crm")], true));
        var otherValue = new ContactLink("s1", true, "phone", new Sealed("ZGlmZmVyZW50"));
        foreach (var row in new[]
        {
            Row(PartyProjection.Subjects.Kind, "s1", 7, subject),
            Row(PartyProjection.Contacts.Kind, Hash("bare@example.fi"), 3, bare),
            Row(PartyProjection.LinkKind, PartyProjection.LinkKey(Hash("a@example.fi"), "s1"), 7, ownListing),
            Row(PartyProjection.LinkKind, PartyProjection.LinkKey(Hash("a@example.fi"), "s2"), 4, letGo),
            Row(PartyProjection.LinkKind, PartyProjection.LinkKey(Hash("+358401234567"), "s1"), 7, otherValue),
        })
            Assert.True(await _views.PutAsync(row, default));

        var started = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        await started.LoadAsync(default);
        var observed = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        foreach (var kind in new[] { PartyProjection.Subjects.Kind, PartyProjection.Contacts.Kind, PartyProjection.LinkKind })
            foreach (var row in await _views.ListAsync(Tenant, kind, null, default)) observed.Observe(row);

        foreach (var index in new[] { started, observed })
        {
            Assert.True(index.TryState(Tenant, PartyProjection.Subjects.Kind, "s1", out var s));
            Assert.Equal(Shown(Unsealed(subject.ToState())), Shown(s));
            Assert.False(index.TryState(Tenant, PartyProjection.Subjects.Kind, "s1", out _, values: true));
            Assert.Equal(Shown(subject.ToState()), Shown(await index.StateAsync(Tenant, PartyProjection.Subjects.Kind, "s1", default, values: true)));
            Assert.True(index.TryState(Tenant, PartyProjection.Contacts.Kind, Hash("bare@example.fi"), out var c));
            Assert.Equal(Shown(bare.ToState()), Shown(c));
            Assert.Equal(bare.ToState().Identity, c!.Identity);
            var links = new List<ContactLink>();
            Assert.True(index.TryLinks(Tenant, Hash("a@example.fi"), links));
            Assert.Equal(Shown([ownListing, letGo]), Shown(links));
            links.Clear();
            Assert.True(index.TryLinks(Tenant, Hash("+358401234567"), links));
            Assert.Equal(Shown([otherValue]), Shown(links));
        }
    }

    [Fact]
    public async Task A_listing_whose_subject_moved_on_before_its_link_did_is_read_from_the_store()
    {
        var before = PartyView.Of(PartyState.Initial with { Version = 1, Emails = new([Contact("a@example.fi")]) });
        var listing = new ContactLink("s1", true, "email", before.Emails[0].Value);
        await _views.PutAsync(Row(PartyProjection.Subjects.Kind, "s1", 1, before), default);
        await _views.PutAsync(Row(PartyProjection.LinkKind, PartyProjection.LinkKey(Hash("a@example.fi"), "s1"), 1, listing), default);
        var index = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        await index.LoadAsync(default);

        // The subject's new view arrives without the link rows its write stored beside it (as after a cut-short write).
        var after = PartyView.Of(PartyState.Initial with { Version = 2, Emails = new([Contact("b@example.fi")]) });
        var letGo = listing with { Linked = false };
        await _views.PutAsync(Row(PartyProjection.LinkKind, PartyProjection.LinkKey(Hash("a@example.fi"), "s1"), 2, letGo), default);
        index.Observe(Row(PartyProjection.Subjects.Kind, "s1", 2, after));

        Assert.False(index.TryLinks(Tenant, Hash("a@example.fi"), []));
        Assert.Equal(Shown([letGo]), Shown(await index.LinksAsync(Tenant, Hash("a@example.fi"), default)));
    }
}
