using System.Collections.Concurrent;
using System.Collections.Immutable;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Projections;

/// Where the clear value of a contact point can be opened: its sealed value and the stream whose key sealed it.
public sealed record ContactSource(string Kind, Sealed Value, StreamId Stream);

public readonly record struct ContactChange(long Position, string Hash, DateTimeOffset At);

/// A place in a feed: a global position, and how many entries at that position were already read.
public readonly record struct FeedCursor(long Position, int Skip);

/// One tenant's people in memory: the state of every subject and bare contact point, which subjects a contact
/// point is linked to, and the log of contact points touched by each event (for the suppressions feed).
/// Written by the projection host only (one writer); read concurrently.
public sealed class TenantParties
{
    private readonly ConcurrentDictionary<string, PartyState> _subjects = new();
    private readonly ConcurrentDictionary<string, PartyState> _contacts = new();
    private readonly ConcurrentDictionary<string, ImmutableHashSet<string>> _links = new();
    private readonly ConcurrentDictionary<string, ContactSource> _sources = new();
    private readonly ConcurrentDictionary<string, long> _lastChange = new();
    private readonly List<ContactChange> _changes = [];
    private readonly Lock _changesLock = new();

    public PartyState? Subject(string subjectId) => _subjects.GetValueOrDefault(subjectId);

    public PartyState? Contact(string hash) => _contacts.GetValueOrDefault(hash);

    public ContactSource? Source(string hash) => _sources.GetValueOrDefault(hash);

    /// Every stream that speaks for a contact point: its own and those of the subjects linked to it.
    public List<PartyState> StatesForContact(string hash)
    {
        var states = new List<PartyState>(2);
        if (_contacts.TryGetValue(hash, out var own)) states.Add(own);
        if (_links.TryGetValue(hash, out var subjects))
            foreach (var id in subjects)
                if (_subjects.TryGetValue(id, out var s)) states.Add(s);
        return states;
    }

    /// Every stream that speaks for a subject: its own and those of its contact points.
    public List<PartyState> StatesForSubject(string subjectId)
    {
        var states = new List<PartyState>(3);
        if (!_subjects.TryGetValue(subjectId, out var subject)) return states;
        states.Add(subject);
        foreach (var contact in subject.ContactPoints)
            if (_contacts.TryGetValue(contact.Hash, out var c)) states.Add(c);
        return states;
    }

    public void Apply(StoredEvent stored, LedgerEvent e)
    {
        var key = stored.Stream.Key;
        if (stored.Stream.IsSubject)
        {
            var before = _subjects.GetValueOrDefault(key) ?? PartyState.Initial;
            var after = LedgerDecider.Evolve(before, e);
            _subjects[key] = after;
            if (e is LedgerEvent.ContactPointsChanged changed) Relink(key, before, changed, stored.Stream);
            foreach (var hash in before.ContactPoints.Concat(after.ContactPoints).Select(c => c.Hash).Distinct())
                Touch(stored, hash);
        }
        else
        {
            _contacts[key] = LedgerDecider.Evolve(_contacts.GetValueOrDefault(key) ?? PartyState.Initial, e);
            if (e is LedgerEvent.ContactIdentified identified)
                _sources.TryAdd(key, new(identified.Kind, identified.Contact.Value, stored.Stream));
            Touch(stored, key);
        }
    }

    private void Relink(string subjectId, PartyState before, LedgerEvent.ContactPointsChanged changed, StreamId stream)
    {
        foreach (var old in before.ContactPoints)
            _links.AddOrUpdate(old.Hash, _ => [], (_, set) => set.Remove(subjectId));
        foreach (var (contact, kind) in changed.Emails.Select(c => (c, "email")).Concat(changed.Phones.Select(c => (c, "phone"))))
        {
            _links.AddOrUpdate(contact.Hash, _ => [subjectId], (_, set) => set.Add(subjectId));
            _sources[contact.Hash] = new(kind, contact.Value, stream);
        }
    }

    private void Touch(StoredEvent stored, string hash)
    {
        lock (_changesLock)
        {
            _changes.Add(new(stored.Position, hash, stored.RecordedAt));
            _lastChange[hash] = stored.Position;
        }
    }

    /// Changes after a cursor, each contact point only at its latest change. One event can touch several contact
    /// points, so the cursor is a position and how many changes at that position were already read.
    public (List<ContactChange> Changes, FeedCursor Next) ChangesAfter(FeedCursor after, int limit, Func<ContactChange, bool> include)
    {
        var found = new List<ContactChange>();
        lock (_changesLock)
        {
            var i = LowerBound(after.Position);
            for (var skipped = 0; i < _changes.Count && _changes[i].Position == after.Position && skipped < after.Skip; skipped++) i++;
            for (; i < _changes.Count && found.Count < limit; i++)
            {
                var change = _changes[i];
                if (_lastChange[change.Hash] == change.Position && include(change)) found.Add(change);
            }
            if (i == 0) return (found, after);
            var last = _changes[i - 1].Position;
            var skip = 0;
            for (var j = i - 1; j >= 0 && _changes[j].Position == last; j--) skip++;
            return (found, last < after.Position ? after : new FeedCursor(last, skip));
        }
    }

    private int LowerBound(long position)
    {
        int lo = 0, hi = _changes.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_changes[mid].Position < position) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}

public sealed class PartyIndex
{
    private readonly ConcurrentDictionary<string, TenantParties> _tenants = new();

    public TenantParties For(string tenant) => _tenants.GetOrAdd(tenant, _ => new TenantParties());
}
