using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Compact;
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
/// in tables whose entries are inline structs (SubjectTable, PartyTable, LinkTable). A view is one array of bytes (PartyCodec), turned back
/// into its state when asked for, without the sealed values of its contact points (the store keeps those); a contact point's links are inline, and a subject's own listing of a contact point
/// keeps no bytes at all (PartyLink). Start-up streams the stored rows (IViewScan) and parses them on every core.
public sealed partial class PartyIndex(IViewStore views, PartyIndexOptions options, TimeProvider clock) : IViewObserver
{
    /// A view as kept: its compact form, null when the store holds none.
    internal readonly record struct Entry(byte[]? View, long Version, long ReadAt)
    {
        /// `contacts`: the tenant's link table, which numbered the view's contact points (PartyCodec).
        public PartyState? StateIn(LinkTable contacts) => View is null ? null : PartyCodec.DecodeState(View, contacts);
    }

    private sealed class Tenant(bool complete)
    {
        public readonly SubjectTable Subjects = new(keepReadAt: !complete);
        public readonly PartyTable<ContactKey, Entry> Contacts = new();
        public readonly LinkTable Links = new();
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);

    private bool Complete => options.RereadAfter is null;

    /// True when every view reaches this process through its feed: what the index holds is the whole answer.
    public bool IsComplete => Complete;

    private Tenant Of(string tenant) => _tenants.TryGetValue(tenant, out var t) ? t : _tenants.GetOrAdd(tenant, _ => new Tenant(Complete));

    /// Every party view of every tenant: the start-up of a complete index. Subjects first, so that their contact
    /// points' links find the subjects' views (PartyLink); rows are streamed in batches and parsed on every core.
    public async Task LoadAsync(CancellationToken ct)
    {
        if (!Complete) return;   // read on first use instead: entries expire anyway
        var parallel = new ParallelOptions { CancellationToken = ct };
        var kinds = new[] { PartyProjection.Subjects.Kind, PartyProjection.Contacts.Kind, PartyProjection.LinkKind };
        if (views is IViewScan scan)
        {
            // Tables sized once: grown row by row they would leave every smaller array behind as garbage. The link
            // table before any view: views number their contact points in it as they are encoded (PartyCodec).
            foreach (var kind in kinds.Reverse())
                foreach (var (tenant, count) in await scan.CountAsync(kind, ct))
                    if (kind == PartyProjection.Subjects.Kind) Of(tenant).Subjects.EnsureCapacity(count);
                    else if (kind == PartyProjection.Contacts.Kind) Of(tenant).Contacts.EnsureCapacity(count);
                    else Of(tenant).Links.EnsureCapacity(count);
            foreach (var kind in kinds)
                await scan.ScanAsync(kind, batch => Parallel.For(0, batch.Count, parallel, i => Load(batch, i)), ct);
            foreach (var tenant in _tenants.Values) tenant.Subjects.Trim();
            return;
        }
        foreach (var kind in kinds)
            foreach (var tenant in await views.TenantsAsync(kind, ct))
            {
                var rows = await views.ListAsync(tenant, kind, null, ct);
                Parallel.For(0, rows.Count, parallel, i => Observe(rows[i]));
            }
    }

    private void Load(ViewBatch batch, int i)
    {
        var (tenant, kind, key, version) = (Of(batch.Tenant(i)), batch.Kind, batch.Key(i), batch.Version(i));
        var body = batch.Body(i);
        if (kind == PartyProjection.LinkKind)
            ObserveLink(tenant, key, version, JsonSerializer.Deserialize<ContactLink>(body, Json.Options) ?? throw new JsonException($"Empty link {key}"));
        else
        {
            var view = JsonSerializer.Deserialize<PartyView>(body, Json.Options) ?? throw new JsonException($"Empty {kind} view {key}");
            Put(tenant, kind, key, new Entry(PartyCodec.Encode(view, body, tenant.Links), version, Now), static (old, entry, _) => old.Version > entry.Version ? old : entry);
        }
    }

    public void Observe(ViewRow view)
    {
        if (view.Kind == PartyProjection.LinkKind) ObserveLink(Of(view.Tenant), view.Key, view.Version, PartyProjector.LinkOf(view));
        else if (view.Kind == PartyProjection.Subjects.Kind || view.Kind == PartyProjection.Contacts.Kind)
        {
            var tenant = Of(view.Tenant);
            Put(tenant, view.Kind, view.Key, new Entry(Encode(view, tenant), view.Version, Now), static (old, entry, _) => old.Version > entry.Version ? old : entry);
        }
    }

    /// As Observe, for a view the writer holds parsed (the inline write of a decided state): its JSON is not parsed
    /// back, and only a view kept as JSON (one with an identity, PartyCodec) needs the stored bytes.
    public void Observe(ViewRow view, PartyView parsed)
    {
        var tenant = Of(view.Tenant);
        var entry = new Entry(PartyCodec.Encode(parsed, parsed.Identity is null ? default : System.Text.Encoding.UTF8.GetBytes(view.Body), tenant.Links), view.Version, Now);
        Put(tenant, view.Kind, view.Key, entry, static (old, entry, _) => old.Version > entry.Version ? old : entry);
    }

    private static byte[] Encode(ViewRow row, Tenant tenant) =>
        PartyCodec.Encode(PartyProjector.PartyViewOf(row), System.Text.Encoding.UTF8.GetBytes(row.Body), tenant.Links);

    private void ObserveLink(Tenant tenant, string key, long version, ContactLink link)
    {
        var split = key.IndexOf('|', StringComparison.Ordinal);
        var hash = key.AsSpan(0, split);
        var cell = Cell(tenant, hash, key[(split + 1)..], version, link);
        var fresh = new PartyLinks(default, null, Complete ? 0 : long.MinValue);   // not complete: a later read fills in the rest
        tenant.Links.AddOrUpdate(ContactKey.Of(hash), fresh.With(cell), static (held, _, cell) => held.With(cell), cell);
    }

    /// A link as kept: without bytes when it is its subject's own listing of the contact point (PartyLink).
    private static PartyLink Cell(Tenant tenant, ReadOnlySpan<char> hash, string subject, long version, ContactLink link)
    {
        var number = tenant.Subjects.NumberOf(subject);
        if (link.Linked && link.Held is null && link.SubjectId == subject && PartyLink.KindOf(link.Kind) is { } kind
            && Lists(tenant, number, ContactKey.Of(hash)))
            return new(number, version, kind, null);
        return new(number, version, 0, PartyCodec.EncodeLink(link));
    }

    /// Whether the subject's view lists the contact point: by its number in the tenant's link table, which the view
    /// lists it by (PartyCodec); a key the table has no number for is listed by no view that way.
    private static bool Lists(Tenant tenant, int subject, ContactKey key)
    {
        tenant.Links.TryGetValue(key, out _, out var number);
        return tenant.Subjects.Lists(subject, key, number);
    }

    /// The link a cell stands for, without its sealed value (memory keeps none: who is linked, not what was sealed);
    /// false when a listing kept without bytes is no longer in the subject's view (the subject moved on before its
    /// links did): the view store answers then.
    private static bool TryLink(Tenant tenant, ReadOnlySpan<char> hash, PartyLink cell, out ContactLink link)
    {
        if (cell.Kept is { } kept)
        {
            link = PartyCodec.DecodeLink(kept);
            return true;
        }
        if (Lists(tenant, cell.Subject, ContactKey.Of(hash)))
        {
            link = new(tenant.Subjects.IdOf(cell.Subject), true, PartyLink.Kinds[cell.Kind], default);
            return true;
        }
        link = null!;
        return false;
    }

    private static Entry Put(Tenant tenant, string kind, string key, Entry entry, Func<Entry, Entry, int, Entry> merge) =>
        kind == PartyProjection.Subjects.Kind
            ? tenant.Subjects.AddOrUpdate(key, entry, merge, 0)
            : tenant.Contacts.AddOrUpdate(ContactKey.Of(key), entry, merge, 0);

    private static bool TryGet(Tenant tenant, string kind, string key, out Entry entry) =>
        kind == PartyProjection.Subjects.Kind ? tenant.Subjects.TryGetValue(key, out entry) : tenant.Contacts.TryGetValue(ContactKey.Of(key), out entry);

    /// The state from memory when it is fresh enough (see StateAsync); false when the view store must be asked.
    /// `values` true: the state must carry its contact points' sealed values, which memory does not keep (PartyCodec):
    /// a view that lists any is read from the store.
    public bool TryState(string tenant, string kind, string key, out PartyState? state, long readSince = long.MaxValue, bool current = false,
        bool values = false)
    {
        if (TryGet(Of(tenant), kind, key, out var entry) && (Fresh(entry.ReadAt, current) || entry.ReadAt >= readSince))
        {
            if (values && entry.View is { } view && PartyCodec.LacksValues(view))
            {
                state = null;
                return false;
            }
            state = entry.StateIn(Of(tenant).Links);
            return true;
        }
        state = null;
        return Complete;
    }

    /// `readSince`: an entry read at or after this timestamp (by the same batch's WarmAsync) is fresh enough.
    /// `current`: only such an entry is, an older one is read again: for what a person's own page shows and decides
    /// on, which must not lag behind a write another instance made within the two seconds.
    /// `values`: the state with its contact points' sealed values (as TryState): for a reader that opens an address.
    public async Task<PartyState?> StateAsync(string tenant, string kind, string key, CancellationToken ct, long readSince = long.MaxValue, bool current = false,
        bool values = false)
    {
        if (TryState(tenant, kind, key, out var state, readSince, current, values)) return state;
        var row = await views.GetAsync(tenant, kind, key, ct);
        var read = new Entry(row is null ? null : Encode(row, Of(tenant)), row?.Version ?? 0, Now);
        var held = Put(Of(tenant), kind, key, read, static (old, read, _) => old.Version > read.Version ? old with { ReadAt = read.ReadAt } : read);
        // The values from the view as stored (memory keeps none), even should a write have landed since it was read.
        return values && row is not null ? PartyProjector.PartyViewOf(row).ToState() : held.StateIn(Of(tenant).Links);
    }

    /// A contact point's links from memory when fresh enough (see LinksAsync); false when the view store must be asked.
    /// `into` gets them, so a caller reuses one list for a batch. Without sealed values: memory keeps none.
    public bool TryLinks(string tenant, string hash, List<ContactLink> into, long readSince = long.MaxValue, bool current = false)
    {
        var parties = Of(tenant);
        if (parties.Links.TryGetValue(ContactKey.Of(hash), out var links) && (Fresh(links.ReadAt, current) || links.ReadAt >= readSince))
        {
            var had = into.Count;
            for (var i = 0; i < links.Count; i++)
                if (TryLink(parties, hash, links[i], out var link)) into.Add(link);
                else
                {
                    into.RemoveRange(had, into.Count - had);
                    return false;
                }
            return true;
        }
        return Complete;
    }

    /// A contact point's links: each subject that lists it or listed it; who, not what: a link from memory has no
    /// sealed value (the stored link rows have, PartyViews.SourceAsync).
    public async Task<IReadOnlyCollection<ContactLink>> LinksAsync(string tenant, string hash, CancellationToken ct, long readSince = long.MaxValue, bool current = false)
    {
        var found = new List<ContactLink>(1);
        if (TryLinks(tenant, hash, found, readSince, current)) return found;
        var parties = Of(tenant);
        var read = new PartyLinks(default, null, Now);
        var stored = new Dictionary<string, ContactLink>(StringComparer.Ordinal);
        foreach (var row in await views.StartingWithAsync(tenant, PartyProjection.LinkKind, PartyProjection.LinkPrefix(hash), ct))
        {
            var subject = row.Key[(hash.Length + 1)..];
            var link = stored[subject] = PartyProjector.LinkOf(row);
            read = read.With(new PartyLink(parties.Subjects.NumberOf(subject), row.Version, 0, PartyCodec.EncodeLink(link)));
        }
        var merged = parties.Links.AddOrUpdate(ContactKey.Of(hash), read, static (old, read, _) => read.Merged(old), 0);
        found.Clear();
        for (var i = 0; i < merged.Count; i++)
            if (TryLink(parties, hash, merged[i], out var link) || stored.TryGetValue(parties.Subjects.IdOf(merged[i].Subject), out link)) found.Add(link);
        return found;
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
        var read = hashes.ToDictionary(h => h, _ => new PartyLinks(default, null, Now), StringComparer.Ordinal);
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await views.ListAsync(tenant, PartyProjection.LinkKind, null, ct))
        {
            var split = row.Key.IndexOf('|', StringComparison.Ordinal);
            if (!read.TryGetValue(row.Key[..split], out var links)) continue;
            var link = PartyProjector.LinkOf(row);
            var subject = row.Key[(split + 1)..];
            read[row.Key[..split]] = links.With(new PartyLink(parties.Subjects.NumberOf(subject), row.Version, 0, PartyCodec.EncodeLink(link)));
            if (link.Linked) linked.Add(subject);
        }
        foreach (var (hash, links) in read)
            parties.Links.AddOrUpdate(ContactKey.Of(hash), links, static (old, read, _) => read.Merged(old), 0);
        await ReadManyAsync(tenant, PartyProjection.Subjects.Kind, linked, ct);
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
            var read = new Entry(row is null ? null : Encode(row, parties), row?.Version ?? 0, Now);
            Put(parties, kind, key, read, static (old, read, _) => old.Version > read.Version ? old with { ReadAt = read.ReadAt } : read);
        }
    }

    public long Now => clock.GetTimestamp();

    private bool Fresh(long readAt, bool current = false) => Complete || (!current && readAt != long.MinValue && clock.GetElapsedTime(readAt) < options.RereadAfter);
}

/// Loads the party index before the app answers (after the view feed caught up, registered before it).
public sealed class PartyIndexLoader(PartyIndex index, ILogger<PartyIndexLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (started, cpu, allocated) = (System.Diagnostics.Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime, StartupMemory.Allocated);
        await index.LoadAsync(cancellationToken);
        StartupMemory.GiveBack(allocated);
        logger.LogInformation("Party index loaded in {Ms:F0} ms ({Cpu:F0} ms of the process's CPU)",
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
