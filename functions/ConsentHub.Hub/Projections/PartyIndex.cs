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
/// Compact (issue 12): per tenant, subjects by id and contact points by their hash as a fixed-size key (ContactKey),
/// in tables whose entries are inline structs (PartyTable); a contact point's links are an array, of one for most; a
/// link's sealed value and kind are the very strings its subject's state holds. Start-up parses rows on every core.
public sealed class PartyIndex(IViewStore views, PartyIndexOptions options, TimeProvider clock) : IViewObserver
{
    private readonly record struct Entry(PartyState? State, long Version, long ReadAt);

    private readonly record struct Link(string Subject, long Version, ContactLink Value);

    private readonly record struct Links(Link[] Subjects, long ReadAt)
    {
        public Links With(string subject, long version, ContactLink link)
        {
            for (var i = 0; i < Subjects.Length; i++)
                if (Subjects[i].Subject == subject)
                {
                    if (Subjects[i].Version >= version) return this;
                    var changed = (Link[])Subjects.Clone();
                    changed[i] = new(subject, version, link);
                    return this with { Subjects = changed };
                }
            return this with { Subjects = [.. Subjects, new(subject, version, link)] };
        }

        /// Every link `other` holds merged in, each at the newer version; this one's ReadAt.
        public Links Merged(Links other)
        {
            var merged = this;
            foreach (var l in other.Subjects) merged = merged.With(l.Subject, l.Version, l.Value);
            return merged;
        }
    }

    private sealed class Tenant
    {
        public readonly PartyTable<string, Entry> Subjects = new(StringComparer.Ordinal);
        public readonly PartyTable<ContactKey, Entry> Contacts = new();
        public readonly PartyTable<ContactKey, Links> Links = new();
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);

    private bool Complete => options.RereadAfter is null;

    /// True when every view reaches this process through its feed: what the index holds is the whole answer.
    public bool IsComplete => Complete;

    private Tenant Of(string tenant) => _tenants.TryGetValue(tenant, out var t) ? t : _tenants.GetOrAdd(tenant, _ => new Tenant());

    /// Every party view of every tenant: the start-up of a complete index. Subjects first, so that their contact
    /// points' links find the strings to share; rows are parsed on every core.
    public async Task LoadAsync(CancellationToken ct)
    {
        if (!Complete) return;   // read on first use instead: entries expire anyway
        foreach (var kind in new[] { PartyProjection.Subjects.Kind, PartyProjection.Contacts.Kind, PartyProjection.LinkKind })
            foreach (var tenant in await views.TenantsAsync(kind, ct))
            {
                var rows = await views.ListAsync(tenant, kind, null, ct);
                Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = ct }, i => Observe(rows[i]));
            }
    }

    public void Observe(ViewRow view)
    {
        if (view.Kind == PartyProjection.LinkKind)
        {
            var split = view.Key.IndexOf('|', StringComparison.Ordinal);
            var tenant = Of(view.Tenant);
            var hash = view.Key.AsSpan(0, split);
            var subject = view.Key[(split + 1)..];
            var link = Shared(tenant, hash, PartyProjector.LinkOf(view));
            var fresh = new Links([], Complete ? 0 : long.MinValue);   // not complete: a later read fills in the rest
            tenant.Links.AddOrUpdate(ContactKey.Of(hash), fresh.With(subject, view.Version, link),
                static (held, _, a) => held.With(a.subject, a.Version, a.link), (subject, view.Version, link));
        }
        else if (view.Kind == PartyProjection.Subjects.Kind || view.Kind == PartyProjection.Contacts.Kind)
        {
            var entry = new Entry(PartyProjector.PartyViewOf(view).ToState(), view.Version, Now);
            Put(Of(view.Tenant), view.Kind, view.Key, entry, static (old, entry, _) => old.Version > entry.Version ? old : entry);
        }
    }

    /// A link's kind and sealed value as the strings its subject's state already holds (the same text, one copy).
    private static ContactLink Shared(Tenant tenant, ReadOnlySpan<char> hash, ContactLink link)
    {
        var kind = link.Kind switch { "email" => "email", "phone" => "phone", "push" => "push", var other => other };
        if (tenant.Subjects.TryGetValue(link.SubjectId, out var entry) && entry.State is { } state)
            foreach (var contact in state.ContactPoints)
                if (hash.SequenceEqual(contact.Hash) && contact.Value == link.Value) return link with { Kind = kind, Value = contact.Value };
        return ReferenceEquals(kind, link.Kind) ? link : link with { Kind = kind };
    }

    private static Entry Put(Tenant tenant, string kind, string key, Entry entry, Func<Entry, Entry, int, Entry> merge) =>
        kind == PartyProjection.Subjects.Kind
            ? tenant.Subjects.AddOrUpdate(key, entry, merge, 0)
            : tenant.Contacts.AddOrUpdate(ContactKey.Of(key), entry, merge, 0);

    private static bool TryGet(Tenant tenant, string kind, string key, out Entry entry) =>
        kind == PartyProjection.Subjects.Kind ? tenant.Subjects.TryGetValue(key, out entry) : tenant.Contacts.TryGetValue(ContactKey.Of(key), out entry);

    /// The state from memory when it is fresh enough (see StateAsync); false when the view store must be asked.
    public bool TryState(string tenant, string kind, string key, out PartyState? state, long readSince = long.MaxValue, bool current = false)
    {
        if (TryGet(Of(tenant), kind, key, out var entry) && (Fresh(entry.ReadAt, current) || entry.ReadAt >= readSince))
        {
            state = entry.State;
            return true;
        }
        state = null;
        return Complete;
    }

    /// `readSince`: an entry read at or after this timestamp (by the same batch's WarmAsync) is fresh enough.
    /// `current`: only such an entry is, an older one is read again: for what a person's own page shows and decides
    /// on, which must not lag behind a write another instance made within the two seconds.
    public async Task<PartyState?> StateAsync(string tenant, string kind, string key, CancellationToken ct, long readSince = long.MaxValue, bool current = false)
    {
        if (TryState(tenant, kind, key, out var state, readSince, current)) return state;
        var row = await views.GetAsync(tenant, kind, key, ct);
        var read = new Entry(row is null ? null : PartyProjector.PartyViewOf(row).ToState(), row?.Version ?? 0, Now);
        return Put(Of(tenant), kind, key, read, static (old, read, _) => old.Version > read.Version ? old with { ReadAt = read.ReadAt } : read).State;
    }

    /// A contact point's links from memory when fresh enough (see LinksAsync); false when the view store must be asked.
    /// `into` gets them, so a caller reuses one list for a batch.
    public bool TryLinks(string tenant, string hash, List<ContactLink> into, long readSince = long.MaxValue, bool current = false)
    {
        if (Of(tenant).Links.TryGetValue(ContactKey.Of(hash), out var links) && (Fresh(links.ReadAt, current) || links.ReadAt >= readSince))
        {
            foreach (var link in links.Subjects) into.Add(link.Value);
            return true;
        }
        return Complete;
    }

    /// A contact point's links: each subject that lists it or listed it.
    public async Task<IReadOnlyCollection<ContactLink>> LinksAsync(string tenant, string hash, CancellationToken ct, long readSince = long.MaxValue, bool current = false)
    {
        var found = new List<ContactLink>(1);
        if (TryLinks(tenant, hash, found, readSince, current)) return found;
        var read = new Links([], Now);
        foreach (var row in await views.StartingWithAsync(tenant, PartyProjection.LinkKind, PartyProjection.LinkPrefix(hash), ct))
            read = read.With(row.Key[(hash.Length + 1)..], row.Version, PartyProjector.LinkOf(row));
        var merged = Of(tenant).Links.AddOrUpdate(ContactKey.Of(hash), read, static (old, read, _) => read.Merged(old), 0);
        return [.. merged.Subjects.Select(l => l.Value)];
    }

    /// Reads what a batch of recipients needs in a few round trips, where entries are read on use: their own views at
    /// once, the links of many contact points as one list of the tenant's links, then the linked subjects at once.
    public async Task WarmAsync(string tenant, IReadOnlyList<StreamId> streams, CancellationToken ct)
    {
        if (Complete) return;
        var parties = Of(tenant);
        await ReadManyAsync(tenant, PartyProjection.Subjects.Kind, streams.Where(s => s.IsSubject).Select(s => s.Key), ct);
        await ReadManyAsync(tenant, PartyProjection.Contacts.Kind, streams.Where(s => s.IsContact).Select(s => s.Key), ct);
        var hashes = streams.Where(s => s.IsContact).Select(s => s.Key)
            .Where(h => !(parties.Links.TryGetValue(ContactKey.Of(h), out var l) && Fresh(l.ReadAt))).ToHashSet(StringComparer.Ordinal);
        if (hashes.Count < 20) return;   // a few prefix queries cost less than the whole list
        var read = hashes.ToDictionary(h => h, _ => new Links([], Now), StringComparer.Ordinal);
        foreach (var row in await views.ListAsync(tenant, PartyProjection.LinkKind, null, ct))
        {
            var split = row.Key.IndexOf('|', StringComparison.Ordinal);
            if (read.TryGetValue(row.Key[..split], out var links)) read[row.Key[..split]] = links.With(row.Key[(split + 1)..], row.Version, PartyProjector.LinkOf(row));
        }
        foreach (var (hash, links) in read)
            parties.Links.AddOrUpdate(ContactKey.Of(hash), links, static (old, read, _) => read.Merged(old), 0);
        await ReadManyAsync(tenant, PartyProjection.Subjects.Kind, read.Values.SelectMany(l => l.Subjects.Where(s => s.Value.Linked).Select(s => s.Subject)), ct);
    }

    private async Task ReadManyAsync(string tenant, string kind, IEnumerable<string> keys, CancellationToken ct)
    {
        var parties = Of(tenant);
        var missing = keys.Distinct().Where(k => !(TryGet(parties, kind, k, out var e) && Fresh(e.ReadAt))).ToList();
        if (missing.Count == 0) return;
        var rows = (await views.GetManyAsync(tenant, kind, missing, ct)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        foreach (var key in missing)
        {
            var row = rows.GetValueOrDefault(key);
            var read = new Entry(row is null ? null : PartyProjector.PartyViewOf(row).ToState(), row?.Version ?? 0, Now);
            Put(parties, kind, key, read, static (old, read, _) => old.Version > read.Version ? old with { ReadAt = read.ReadAt } : read);
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
