using System.Collections.Concurrent;
using System.Collections.Immutable;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;

namespace ConsentHub.Hub.Projections;

/// Where the clear value of a contact point can be opened: its sealed value and the stream whose key sealed it.
public sealed record ContactSource(string Kind, Sealed Value, StreamId Stream);

/// A place in a feed: a position, and how many entries at that position were already read.
public readonly record struct FeedCursor(long Position, int Skip);

/// How the party index stays current. `RereadAfter` null: every view reaches this process through its feed (SQLite),
/// so the index is loaded whole at start-up and is complete. Otherwise (Cosmos DB, where another instance's change
/// feed may write a view) an entry is read from the view store again once it is older than that.
public sealed record PartyIndexOptions(TimeSpan? RereadAfter);

/// The hot path of checks: the party views in memory, loaded from the view store (never by replaying events) and
/// kept current by every view this process writes or its feed brings (IViewObserver). Version-guarded: an older view
/// never replaces a newer one, whichever arrives last.
public sealed class PartyIndex(IViewStore views, PartyIndexOptions options, TimeProvider clock) : IViewObserver
{
    private sealed record Entry(PartyState? State, long Version, long ReadAt);

    private sealed record Links(ImmutableDictionary<string, (long Version, ContactLink Link)> Subjects, long ReadAt)
    {
        public Links With(string subject, long version, ContactLink link) =>
            Subjects.TryGetValue(subject, out var held) && held.Version >= version ? this : this with { Subjects = Subjects.SetItem(subject, (version, link)) };
    }

    private readonly ConcurrentDictionary<(string Tenant, string Kind, string Key), Entry> _views = new();
    private readonly ConcurrentDictionary<(string Tenant, string Hash), Links> _links = new();

    private bool Complete => options.RereadAfter is null;

    /// Every party view of every tenant: the start-up of a complete index.
    public async Task LoadAsync(CancellationToken ct)
    {
        if (!Complete) return;   // read on first use instead: entries expire anyway
        foreach (var kind in new[] { PartyProjection.Subjects.Kind, PartyProjection.Contacts.Kind, PartyProjection.LinkKind })
            foreach (var tenant in await views.TenantsAsync(kind, ct))
                foreach (var row in await views.ListAsync(tenant, kind, null, ct))
                    Observe(row);
    }

    public void Observe(ViewRow view)
    {
        if (view.Kind == PartyProjection.LinkKind)
        {
            var split = view.Key.IndexOf('|', StringComparison.Ordinal);
            var (hash, subject) = (view.Key[..split], view.Key[(split + 1)..]);
            var link = PartyProjector.LinkOf(view);
            _links.AddOrUpdate((view.Tenant, hash),
                _ => new Links(ImmutableDictionary<string, (long, ContactLink)>.Empty, Complete ? 0 : long.MinValue).With(subject, view.Version, link),   // not complete: a later read fills in the rest
                (_, links) => links.With(subject, view.Version, link));
        }
        else if (view.Kind == PartyProjection.Subjects.Kind || view.Kind == PartyProjection.Contacts.Kind)
        {
            var entry = new Entry(PartyProjector.PartyViewOf(view).ToState(), view.Version, Now);
            _views.AddOrUpdate((view.Tenant, view.Kind, view.Key), entry, (_, old) => old.Version > view.Version ? old : entry);
        }
    }

    /// `readSince`: an entry read at or after this timestamp (by the same batch's WarmAsync) is fresh enough.
    /// `current`: only such an entry is, an older one is read again: for what a person's own page shows and decides
    /// on, which must not lag behind a write another instance made within the two seconds.
    public async Task<PartyState?> StateAsync(string tenant, string kind, string key, CancellationToken ct, long readSince = long.MaxValue, bool current = false)
    {
        if (_views.TryGetValue((tenant, kind, key), out var entry) && (Fresh(entry.ReadAt, current) || entry.ReadAt >= readSince)) return entry.State;
        if (Complete) return null;
        var row = await views.GetAsync(tenant, kind, key, ct);
        var read = new Entry(row is null ? null : PartyProjector.PartyViewOf(row).ToState(), row?.Version ?? 0, Now);
        return _views.AddOrUpdate((tenant, kind, key), read, (_, old) => old.Version > read.Version ? old with { ReadAt = read.ReadAt } : read).State;
    }

    /// A contact point's links: each subject that lists it or listed it.
    public async Task<IReadOnlyCollection<ContactLink>> LinksAsync(string tenant, string hash, CancellationToken ct, long readSince = long.MaxValue, bool current = false)
    {
        if (_links.TryGetValue((tenant, hash), out var links) && (Fresh(links.ReadAt, current) || links.ReadAt >= readSince)) return [.. links.Subjects.Values.Select(l => l.Link)];
        if (Complete) return [];
        var read = new Links(ImmutableDictionary<string, (long, ContactLink)>.Empty, Now);
        foreach (var row in await views.StartingWithAsync(tenant, PartyProjection.LinkKind, PartyProjection.LinkPrefix(hash), ct))
            read = read.With(row.Key[(hash.Length + 1)..], row.Version, PartyProjector.LinkOf(row));
        var merged = _links.AddOrUpdate((tenant, hash), read, (_, old) => old.Subjects.Aggregate(read, (m, l) => m.With(l.Key, l.Value.Version, l.Value.Link)));
        return [.. merged.Subjects.Values.Select(l => l.Link)];
    }

    /// Reads what a batch of recipients needs in a few round trips, where entries are read on use: their own views at
    /// once, the links of many contact points as one list of the tenant's links, then the linked subjects at once.
    public async Task WarmAsync(string tenant, IReadOnlyList<StreamId> streams, CancellationToken ct)
    {
        if (Complete) return;
        await ReadManyAsync(tenant, PartyProjection.Subjects.Kind, streams.Where(s => s.IsSubject).Select(s => s.Key), ct);
        await ReadManyAsync(tenant, PartyProjection.Contacts.Kind, streams.Where(s => s.IsContact).Select(s => s.Key), ct);
        var hashes = streams.Where(s => s.IsContact).Select(s => s.Key)
            .Where(h => !(_links.TryGetValue((tenant, h), out var l) && Fresh(l.ReadAt))).ToHashSet(StringComparer.Ordinal);
        if (hashes.Count < 20) return;   // a few prefix queries cost less than the whole list
        var empty = ImmutableDictionary<string, (long, ContactLink)>.Empty;
        var read = hashes.ToDictionary(h => h, _ => new Links(empty, Now), StringComparer.Ordinal);
        foreach (var row in await views.ListAsync(tenant, PartyProjection.LinkKind, null, ct))
        {
            var split = row.Key.IndexOf('|', StringComparison.Ordinal);
            if (read.TryGetValue(row.Key[..split], out var links)) read[row.Key[..split]] = links.With(row.Key[(split + 1)..], row.Version, PartyProjector.LinkOf(row));
        }
        foreach (var (hash, links) in read)
            _links.AddOrUpdate((tenant, hash), links, (_, old) => old.Subjects.Aggregate(links, (m, l) => m.With(l.Key, l.Value.Version, l.Value.Link)));
        await ReadManyAsync(tenant, PartyProjection.Subjects.Kind, read.Values.SelectMany(l => l.Subjects.Where(s => s.Value.Link.Linked).Select(s => s.Key)), ct);
    }

    private async Task ReadManyAsync(string tenant, string kind, IEnumerable<string> keys, CancellationToken ct)
    {
        var missing = keys.Distinct().Where(k => !(_views.TryGetValue((tenant, kind, k), out var e) && Fresh(e.ReadAt))).ToList();
        if (missing.Count == 0) return;
        var rows = (await views.GetManyAsync(tenant, kind, missing, ct)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        foreach (var key in missing)
        {
            var row = rows.GetValueOrDefault(key);
            var read = new Entry(row is null ? null : PartyProjector.PartyViewOf(row).ToState(), row?.Version ?? 0, Now);
            _views.AddOrUpdate((tenant, kind, key), read, (_, old) => old.Version > read.Version ? old with { ReadAt = read.ReadAt } : read);
        }
    }

    public long Now => clock.GetTimestamp();

    private bool Fresh(long readAt, bool current = false) => Complete || (!current && readAt != long.MinValue && clock.GetElapsedTime(readAt) < options.RereadAfter);
}

/// Loads the party index before the app answers (after the view feed caught up, registered before it).
public sealed class PartyIndexLoader(PartyIndex index) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => index.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
