using System.Collections.Immutable;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

/// The party index keeps a contact point's 32 bytes once per tenant, in its link table, and a view lists its contact
/// points by the number the table gives them (LinkTable, PartyCodec): every view comes back with its own hashes and
/// every address with its own subject, whichever of a view and its links arrives first, through the table's growth
/// from empty and after a start-up, and an address nobody has is answered by no one. Views lie side by side in one
/// array per part of the subject table and move as they change size (SubjectTable): a reader beside a writer sees
/// each subject's own whole view, never bytes of another's.
public sealed class PartyIndexContactNumbersTests : IAsyncLifetime
{
    private const string Tenant = "numerot";
    private const int Subjects = 3000;
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

    private static ContactRef Email(int i) => Contact($"a{i}@example.fi");

    private static ContactRef Phone(int i) => Contact($"+35840{i:D7}");

    /// Subject 0 also lists a hash not in the hasher's form, which has no number and is kept as its text.
    private static ContactRef Odd => new("not-a-hash", new Sealed("x"));

    private static ViewRow Row(string kind, string key, long version, object body) => new(Tenant, kind, key, version, null, JsonSerializer.Serialize(body, Json.Options));

    private static ViewRow SubjectRow(int i) => Row(PartyProjection.Subjects.Kind, $"s{i}", 5,
        PartyView.Of(PartyState.Initial with { Version = 5, Emails = new(i == 0 ? [Email(i), Odd] : [Email(i)]), Phones = new([Phone(i)]) }));

    private static IEnumerable<ViewRow> LinkRows(int i) =>
        [Row(PartyProjection.LinkKind, PartyProjection.LinkKey(Email(i).Hash, $"s{i}"), 3, new ContactLink($"s{i}", true, "email", Email(i).Value)),
         Row(PartyProjection.LinkKind, PartyProjection.LinkKey(Phone(i).Hash, $"s{i}"), 4, new ContactLink($"s{i}", true, "phone", Phone(i).Value))];

    /// Half the subjects' views before their links, half after.
    private static List<ViewRow> Rows() =>
        [.. Enumerable.Range(0, Subjects).SelectMany(i => i % 2 == 0 ? [SubjectRow(i), .. LinkRows(i)] : LinkRows(i).Append(SubjectRow(i)))];

    private static string[] EmailsOf(int i) => i == 0 ? [Email(i).Hash, Odd.Hash] : [Email(i).Hash];

    private static void AssertOwn(PartyIndex index)
    {
        var links = new List<ContactLink>();
        for (var i = 0; i < Subjects; i++)
        {
            Assert.True(index.TryState(Tenant, PartyProjection.Subjects.Kind, $"s{i}", out var state));
            Assert.Equal(EmailsOf(i), state!.Emails.Select(c => c.Hash));
            Assert.Equal(Phone(i).Hash, Assert.Single(state.Phones).Hash);
            foreach (var contact in new[] { Email(i), Phone(i) })
            {
                links.Clear();
                Assert.True(index.TryLinks(Tenant, contact.Hash, links));
                var link = Assert.Single(links);
                Assert.Equal($"s{i}", link.SubjectId);
                Assert.True(link.Linked);
            }
        }
        links.Clear();
        Assert.True(index.TryLinks(Tenant, Email(Subjects).Hash, links));
        Assert.Empty(links);
    }

    [Fact]
    public async Task Every_view_lists_its_own_contact_points_and_every_address_names_its_own_subject()
    {
        var rows = Rows();
        foreach (var row in rows) Assert.True(await _views.PutAsync(row, default));

        var observed = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        foreach (var row in rows) observed.Observe(row);
        AssertOwn(observed);

        var started = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        await started.LoadAsync(default);
        AssertOwn(started);
    }

    [Fact]
    public async Task A_view_read_on_use_lists_its_contact_points_as_stored()
    {
        foreach (var row in Rows()) Assert.True(await _views.PutAsync(row, default));
        var index = new PartyIndex(_views, new PartyIndexOptions(TimeSpan.FromMinutes(5)), TimeProvider.System);
        foreach (var i in new[] { 0, 1, Subjects - 1 })
        {
            var state = await index.StateAsync(Tenant, PartyProjection.Subjects.Kind, $"s{i}", default);
            Assert.Equal(EmailsOf(i), state!.Emails.Select(c => c.Hash));
            Assert.Equal($"s{i}", Assert.Single(await index.LinksAsync(Tenant, Phone(i).Hash, default)).SubjectId);
            Assert.True(index.TryState(Tenant, PartyProjection.Subjects.Kind, $"s{i}", out var again));
            Assert.Equal(Phone(i).Hash, Assert.Single(again!.Phones).Hash);
        }
    }

    /// Subject i's view in round r: r objections whose sources name the subject, so a view grows and moves each round.
    private static ViewRow Grown(int i, int round) => Row(PartyProjection.Subjects.Kind, $"s{i}", round * 10_000 + i,
        PartyView.Of(PartyState.Initial with
        {
            Version = round * 10_000 + i,
            Emails = new([Email(i)]),
            Objections = Enumerable.Range(0, round).ToImmutableDictionary(k => new ObjectionKey($"scope-{k}", "email"), _ => new ObjectionEntry(DateTimeOffset.UnixEpoch, $"s{i}")),
        }));

    [Fact]
    public async Task Readers_see_each_subject_whole_and_its_own_while_views_grow_and_move()
    {
        const int subjects = 1500, rounds = 6;
        var index = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        var written = new int[subjects];   // the round last written, for readers to compare with
        var writer = Task.Run(() =>
        {
            for (var round = 1; round <= rounds; round++)
                for (var i = 0; i < subjects; i++)
                {
                    if (round == 1) foreach (var link in LinkRows(i)) index.Observe(link);
                    index.Observe(Grown(i, round));
                    Volatile.Write(ref written[i], round);
                }
        });
        var reader = Task.Run(() =>
        {
            var links = new List<ContactLink>();
            var reads = 0;
            while (!writer.IsCompleted || reads == 0)
                for (var i = 0; i < subjects; i++, reads++)
                {
                    var seen = Volatile.Read(ref written[i]);
                    Assert.True(index.TryState(Tenant, PartyProjection.Subjects.Kind, $"s{i}", out var state));
                    if (seen == 0) continue;
                    Assert.True(state!.Version >= seen * 10_000);
                    Assert.Equal(i, state.Version % 10_000);
                    Assert.Equal(state.Version / 10_000, state.Objections.Count);
                    Assert.All(state.Objections.Values, o => Assert.Equal($"s{i}", o.Source));
                    Assert.Equal(Email(i).Hash, Assert.Single(state.Emails).Hash);
                    links.Clear();
                    Assert.True(index.TryLinks(Tenant, Email(i).Hash, links));
                    Assert.Equal($"s{i}", Assert.Single(links).SubjectId);
                }
        });
        await Task.WhenAll(writer, reader);

        foreach (var row in Enumerable.Range(0, subjects).SelectMany(i => LinkRows(i).Append(Grown(i, rounds)))) Assert.True(await _views.PutAsync(row, default));
        var started = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        await started.LoadAsync(default);
        foreach (var restarted in new[] { index, started })
            for (var i = 0; i < subjects; i++)
            {
                Assert.True(restarted.TryState(Tenant, PartyProjection.Subjects.Kind, $"s{i}", out var state));
                Assert.Equal(rounds * 10_000 + i, state!.Version);
                Assert.Equal(rounds, state.Objections.Count);
            }
        // A write after the start-up gave back the room the load grew into: the views move again, whole.
        for (var i = 0; i < subjects; i++) started.Observe(Grown(i, rounds + 1));
        for (var i = 0; i < subjects; i++)
        {
            Assert.True(started.TryState(Tenant, PartyProjection.Subjects.Kind, $"s{i}", out var state));
            Assert.Equal(rounds + 1, state!.Objections.Count);
            Assert.All(state.Objections.Values, o => Assert.Equal($"s{i}", o.Source));
        }
    }
}
