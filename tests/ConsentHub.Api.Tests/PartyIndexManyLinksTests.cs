using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

/// The party index keeps the links of thousands of contact points, most of them their subject's own listing, and
/// answers each as stored: after a start-up sized from the stored rows and after rows observed one by one from empty,
/// while links change between the usual form and the others (let go, listed by a second subject, listed again) and
/// older rows arrive after newer ones.
public sealed class PartyIndexManyLinksTests : IAsyncLifetime
{
    private const string Tenant = "monta";
    private const int Subjects = 3000;
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

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

    private static ContactRef Email(int i) => new(Hash($"a{i}@example.fi"), new Sealed(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"sealed:a{i}"))));

    private static ViewRow Row(string kind, string key, long version, object body) => new(Tenant, kind, key, version, null, JsonSerializer.Serialize(body, Json.Options));

    private static ViewRow LinkRow(int contact, ContactLink link, long version) =>
        Row(PartyProjection.LinkKind, PartyProjection.LinkKey(Email(contact).Hash, link.SubjectId), version, link);

    /// Links as memory keeps them: who and what they hold, their sealed values left to the store.
    private static string Shown(IEnumerable<ContactLink> links) =>
        JsonSerializer.Serialize(links.OrderBy(l => l.SubjectId, StringComparer.Ordinal).Select(l => l with { Value = default }), Json.Options);

    [Fact]
    public async Task Every_contact_points_links_come_back_as_stored_through_growth_and_changes_of_form()
    {
        var expected = new Dictionary<int, Dictionary<string, ContactLink>>();
        var first = new List<ViewRow>();
        for (var i = 0; i < Subjects; i++)
        {
            var view = PartyView.Of(PartyState.Initial with { Version = 2, Emails = new([Email(i)]) });
            var own = new ContactLink($"s{i}", true, "email", Email(i).Value);
            expected[i] = new(StringComparer.Ordinal) { [own.SubjectId] = own };
            first.Add(Row(PartyProjection.Subjects.Kind, $"s{i}", 2, view));
            first.Add(LinkRow(i, own, 2));
        }
        foreach (var row in first) Assert.True(await _views.PutAsync(row, default));
        var started = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        await started.LoadAsync(default);
        var observed = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        foreach (var row in first) observed.Observe(row);

        // Every third let go (its prohibitions held), every fifth listed by a second subject too, every fifteenth of
        // those let go listed again; then the first rows once more, older than what the index holds.
        var changes = new List<ViewRow>();
        for (var i = 0; i < Subjects; i++)
        {
            if (i % 3 == 0)
            {
                var letGo = new ContactLink($"s{i}", false, "email", Email(i).Value, new HeldProhibitions([new("direct-marketing", "all", At, "crm")], false));
                changes.Add(LinkRow(i, letGo, 3));
                expected[i][letGo.SubjectId] = letGo;
            }
            if (i % 5 == 0)
            {
                var second = new ContactLink($"t{i}", true, "email", Email(i).Value);
                changes.Add(LinkRow(i, second, 3));
                expected[i][second.SubjectId] = second;
            }
            if (i % 15 == 3)
            {
                var again = new ContactLink($"s{i}", true, "email", Email(i).Value);
                changes.Add(LinkRow(i, again, 4));
                expected[i][again.SubjectId] = again;
            }
        }
        foreach (var row in changes.Concat(first.Where(r => r.Kind == PartyProjection.LinkKind)))
        {
            await _views.PutAsync(row, default);
            started.Observe(row);
            observed.Observe(row);
        }
        var restarted = new PartyIndex(_views, new PartyIndexOptions(null), TimeProvider.System);
        await restarted.LoadAsync(default);

        foreach (var index in new[] { started, observed, restarted })
            for (var i = 0; i < Subjects; i++)
            {
                var links = new List<ContactLink>();
                Assert.True(index.TryLinks(Tenant, Email(i).Hash, links));
                Assert.Equal(Shown(expected[i].Values), Shown(links));
            }
        Assert.True(observed.TryLinks(Tenant, Hash("nobody@example.fi"), []));
        Assert.Empty(await observed.LinksAsync(Tenant, Hash("nobody@example.fi"), default));
    }
}
