using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

/// The party index keeps subjects' ids as bytes and its links name subjects by number (SubjectTable): every subject
/// comes back as itself, whatever its id is made of (ASCII, other letters, pairs of UTF-16 units, ids that differ in
/// case or in one unit, long ones), through growth from empty and after a start-up sized from
/// the stored rows; and readers on one thread see whole, current subjects while another thread writes them.
public sealed class PartyIndexSubjectIdsTests : IAsyncLifetime
{
    private const string Tenant = "tunnukset";
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

    private static readonly string[] Odd =
    [
        "äiti-1", "ÄITI-1", "Äiti-1", "s\u00e5", "sa", "s\u0100", "s\u0101", "😀", "😁", "x😀", new string('p', 300),
        new string('p', 299) + "q", new string('é', 200), "s1 ", " s1", "S1", "s-1",
    ];

    private static string[] Ids(int count) => [.. Odd, .. Enumerable.Range(0, count).Select(i => $"s{i}")];

    private static string Hash(string text) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ContactRef Email(int i) => new(Hash($"a{i}@example.fi"), new Sealed(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"sealed:a{i}"))));

    private static ViewRow Row(string kind, string key, long version, object body) => new(Tenant, kind, key, version, null, JsonSerializer.Serialize(body, Json.Options));

    /// Subject i's view at `version`, listing its own e-mail; the version tells subjects (and their changes) apart.
    private static ViewRow SubjectRow(string id, int i, long version) =>
        Row(PartyProjection.Subjects.Kind, id, version, PartyView.Of(PartyState.Initial with { Version = version, Emails = new([Email(i)]) }));

    private static ViewRow LinkRow(string id, int i, long version) =>
        Row(PartyProjection.LinkKind, PartyProjection.LinkKey(Email(i).Hash, id), version, new ContactLink(id, true, "email", Email(i).Value));

    private static void AssertSubjects(PartyIndex index, string[] ids, Func<int, long> version)
    {
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.True(index.TryState(Tenant, PartyProjection.Subjects.Kind, ids[i], out var state));
            Assert.Equal(version(i), state!.Version);
            var links = new List<ContactLink>();
            Assert.True(index.TryLinks(Tenant, Email(i).Hash, links));
            Assert.Equal(ids[i], Assert.Single(links).SubjectId);
        }
        Assert.True(index.TryState(Tenant, PartyProjection.Subjects.Kind, "nobody", out var none));
        Assert.Null(none);
    }

    [Fact]
    public async Task Every_subject_comes_back_as_itself_whatever_its_id_is_made_of()
    {
        var ids = Ids(3000);
        var rows = ids.Select((id, i) => SubjectRow(id, i, 10 + i)).Concat(ids.Select((id, i) => LinkRow(id, i, 2))).ToList();
        foreach (var row in rows) Assert.True(await _views.PutAsync(row, default));

        var observed = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        foreach (var row in rows) observed.Observe(row);
        AssertSubjects(observed, ids, i => 10 + i);

        var started = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        await started.LoadAsync(default);
        AssertSubjects(started, ids, i => 10 + i);

        // A link that names a subject with no view yet, then the subject's view: the link finds it.
        var late = "myöhemmin-😀";
        var link = LinkRow(late, 99999, 2);
        started.Observe(link);
        Assert.True(started.TryState(Tenant, PartyProjection.Subjects.Kind, late, out var before));
        Assert.Null(before);
        started.Observe(SubjectRow(late, 99999, 7));
        Assert.True(started.TryState(Tenant, PartyProjection.Subjects.Kind, late, out var after));
        Assert.Equal(7, after!.Version);
        var links = new List<ContactLink>();
        Assert.True(started.TryLinks(Tenant, Email(99999).Hash, links));
        Assert.Equal(late, Assert.Single(links).SubjectId);
    }

    [Fact]
    public async Task Readers_see_whole_current_subjects_while_another_thread_writes_them()
    {
        var ids = Ids(2000);
        var index = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        const int rounds = 5;
        var written = new long[ids.Length];   // the version last written, for readers to compare with
        var writer = Task.Run(() =>
        {
            for (var round = 1; round <= rounds; round++)
                for (var i = 0; i < ids.Length; i++)
                {
                    if (round == 1) index.Observe(LinkRow(ids[i], i, 2));
                    index.Observe(SubjectRow(ids[i], i, round * 10_000 + i));
                    Volatile.Write(ref written[i], round * 10_000 + i);
                }
        });
        var reader = Task.Run(() =>
        {
            var links = new List<ContactLink>();
            var reads = 0;
            while (!writer.IsCompleted || reads == 0)
                for (var i = 0; i < ids.Length; i++, reads++)
                {
                    var seen = Volatile.Read(ref written[i]);
                    Assert.True(index.TryState(Tenant, PartyProjection.Subjects.Kind, ids[i], out var state));
                    if (seen == 0) continue;
                    // Never older than what was written before the read began, and always this subject's own.
                    Assert.True(state!.Version >= seen);
                    Assert.Equal(i, state.Version % 10_000);
                    links.Clear();
                    Assert.True(index.TryLinks(Tenant, Email(i).Hash, links));
                    Assert.Equal(ids[i], Assert.Single(links).SubjectId);
                }
        });
        await Task.WhenAll(writer, reader);
        AssertSubjects(index, ids, i => rounds * 10_000 + i);
    }
}
