using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;

namespace ConsentHub.Hub.Projections;

/// Where permission checks find every stream state that speaks for a recipient: for a contact point's stream, its
/// own state and those of the subjects linked to it; for a subject's stream, its own and its contact points'.
public interface IPartyLookup
{
    /// One answer per stream asked for, in order (an unknown stream answers no states). `values` false: the states
    /// may lack their contact points' sealed values (what a decision needs: no read of the store for them).
    Task<IReadOnlyList<IReadOnlyCollection<PartyState>>> StatesAsync(IReadOnlyList<StreamId> streams, CancellationToken ct, bool values = true);
}

/// The query port of parties, on either store: the views PartyProjection declares, written inline by each write
/// (LedgerService) and repaired from the feed, answered from the in-memory PartyIndex.
public sealed class PartyViews(IViewStore views, PartyIndex index, IEnumerable<IViewObserver> observers) : IPartyLookup
{
    public async Task<IReadOnlyList<IReadOnlyCollection<PartyState>>> StatesAsync(IReadOnlyList<StreamId> streams, CancellationToken ct, bool values = true)
    {
        var since = index.Now;
        if (!index.IsComplete)
            foreach (var tenant in streams.Select(s => s.Tenant).Distinct())
                await index.WarmAsync(tenant, [.. streams.Where(s => s.Tenant == tenant)], ct);
        var answers = new IReadOnlyCollection<PartyState>[streams.Count];
        var links = new List<ContactLink>(2);
        for (var i = 0; i < streams.Count; i++)
            answers[i] = await WalkAsync(streams[i], links, since, false, values, ct);
        return answers;
    }

    /// The one walk from a stream to every state that speaks for it (StatesAsync, ForSubjectAsync, ForContactAsync):
    /// each step from memory where the index answers, without a task (ValueTask: the hot path of a batch of checks),
    /// from the view store where it does not. `values`: states with their contact points' sealed values, which memory
    /// does not keep (PartyIndex.StateAsync reads those views from the store).
    private async ValueTask<List<PartyState>> WalkAsync(StreamId stream, List<ContactLink> links, long readSince, bool current, bool values, CancellationToken ct)
    {
        var (tenant, key) = (stream.Tenant, stream.Key);
        string subjects = PartyProjection.Subjects.Kind, contacts = PartyProjection.Contacts.Kind;
        if (stream.IsSubject)
        {
            if (!index.TryState(tenant, subjects, key, out var subject, readSince, current, values))
                subject = await index.StateAsync(tenant, subjects, key, ct, readSince, current, values);
            if (subject is null) return [];
            var states = new List<PartyState>(1 + subject.Emails.Count + subject.Phones.Count + subject.Push.Count) { subject };
            foreach (var contact in subject.ContactPoints)
            {
                if (!index.TryState(tenant, contacts, contact.Hash, out var c, readSince, current, values))
                    c = await index.StateAsync(tenant, contacts, contact.Hash, ct, readSince, current, values);
                if (c is not null) states.Add(c);
            }
            return states;
        }
        var found = new List<PartyState>(2);
        if (!index.TryState(tenant, contacts, key, out var own, readSince, current, values))
            own = await index.StateAsync(tenant, contacts, key, ct, readSince, current, values);
        if (own is not null) found.Add(own);
        links.Clear();
        if (!index.TryLinks(tenant, key, links, readSince, current))
            links.AddRange(await index.LinksAsync(tenant, key, ct, readSince, current));
        foreach (var link in links)
            if (link.Linked)
            {
                if (!index.TryState(tenant, subjects, link.SubjectId, out var linked, readSince, current, values))
                    linked = await index.StateAsync(tenant, subjects, link.SubjectId, ct, readSince, current, values);
                if (linked is not null) found.Add(linked);
            }
            else if (link.Held is { } held) found.Add(held.ToState());
        return found;
    }

    /// The subject's state with its contact points' sealed values (read from the store when it lists any).
    public Task<PartyState?> SubjectAsync(string tenant, string subjectId, CancellationToken ct) =>
        index.StateAsync(tenant, PartyProjection.Subjects.Kind, subjectId, ct, values: true);

    public Task<PartyState?> ContactAsync(string tenant, string hash, CancellationToken ct) =>
        index.StateAsync(tenant, PartyProjection.Contacts.Kind, hash, ct, values: true);

    /// Every stream that speaks for a contact point: its own and those of the subjects linked to it, and the
    /// prohibitions a subject that let go of it had then (HeldProhibitions). As decisions read them: without the
    /// sealed values of the subjects' contact points.
    public async Task<IReadOnlyCollection<PartyState>> ForContactAsync(string tenant, string hash, CancellationToken ct, long readSince = long.MaxValue, bool current = false) =>
        await WalkAsync(StreamId.Contact(tenant, hash), new List<ContactLink>(2), readSince, current, false, ct);

    /// Every stream that speaks for a subject: its own and those of its contact points. As decisions read them:
    /// without the sealed values of its contact points (SubjectAsync has them).
    public async Task<IReadOnlyCollection<PartyState>> ForSubjectAsync(string tenant, string subjectId, CancellationToken ct, long readSince = long.MaxValue, bool current = false) =>
        await WalkAsync(StreamId.Subject(tenant, subjectId), new List<ContactLink>(2), readSince, current, false, ct);

    /// As ForSubjectAsync or ForContactAsync for a person's own stream, but as stored now, not as this instance last
    /// read it: a link page shows and decides on it, and must not lag behind a write another instance made. With the
    /// sealed values of the contact points (a page may show an address).
    public async Task<IReadOnlyCollection<PartyState>> CurrentAsync(StreamId stream, CancellationToken ct) =>
        await WalkAsync(stream, new List<ContactLink>(2), index.Now, true, true, ct);

    /// The state of the stream itself, as stored now (see CurrentAsync), with its contact points' sealed values.
    public Task<PartyState?> CurrentStateAsync(StreamId stream, CancellationToken ct) =>
        index.StateAsync(stream.Tenant, PartyProjector.For(stream).Kind, stream.Key, ct, index.Now, current: true, values: true);

    /// Where a contact point's clear value can be opened: as a subject that lists it sealed it (one that lists it now
    /// first), else as its own stream sealed it. Read from the store's link rows and view, which keep the sealed values
    /// that memory does not (PartyCodec).
    public async Task<ContactSource?> SourceAsync(string tenant, string hash, CancellationToken ct)
    {
        var links = (await views.StartingWithAsync(tenant, PartyProjection.LinkKind, PartyProjection.LinkPrefix(hash), ct)).Select(PartyProjector.LinkOf)
            .OrderByDescending(l => l.Linked).ThenBy(l => l.SubjectId, StringComparer.Ordinal);
        if (links.FirstOrDefault() is { } link) return new(link.Kind, link.Value, StreamId.Subject(tenant, link.SubjectId));
        return await ContactAsync(tenant, hash, ct) is { Identity: { } identity }
            ? new(identity.Kind, identity.Contact.Value, StreamId.Contact(tenant, hash))
            : null;
    }

    /// The contact points whose checks may answer differently since `after`, each once at its latest change.
    public Task<ChangePage> ContactChangesAsync(string tenant, long after, int limit, CancellationToken ct) =>
        views.ChangesAsync(tenant, PartyProjection.ContactLog, after, limit, ct);

    /// The inline write, after the append and before the write answers: the stream's view, and a subject's links.
    /// Version-guarded, so a slower writer of an older state changes nothing; the feed repairs a write a crash cut short.
    public async Task WriteAsync(StreamId stream, PartyState state, CancellationToken ct)
    {
        var projector = PartyProjector.For(stream);
        var before = await views.GetAsync(stream.Tenant, projector.Kind, stream.Key, ct);
        var row = projector.Row(stream.Tenant, stream.Key, state);
        if (before is not null && before.Version >= state.Version)
        {
            // Another writer (the change feed of this or another instance) stored this view first and may not have
            // logged its change yet: the store logs it now if so, so the write never answers before a sender following
            // the suppressions feed can see it.
            await views.PutAsync(row, ct);
            // A subject's change is logged under its contact points' keys by its link rows, which that writer may not
            // have stored yet either: the links of this state are put too (version-guarded, logged if not yet).
            foreach (var related in projector.Related(row, row)) await PutAsync(related, ct);
            return;
        }
        foreach (var related in projector.Related(before, row)) await PutAsync(related, ct);
        await PutAsync(row, ct);
    }

    /// The rows a write stores with its events where the store commits them together (SqliteLedgerCommit): the view
    /// of the decided state and, for a subject, the links that changed from the state it was decided on. No read:
    /// `before` is the state at the version the append expects.
    public static IReadOnlyList<ViewRow> RowsOf(StreamId stream, PartyState before, PartyState after)
    {
        var projector = PartyProjector.For(stream);
        var row = projector.Row(stream.Tenant, stream.Key, after);
        // The links from the states, not from their views serialised and parsed back: the same rows, without the round trip.
        return [.. projector.Related(stream.Tenant, stream.Key, before.Version == 0 ? PartyState.Initial : before, after), row];
    }

    /// Tells the observers (the in-memory index) of rows stored with a commit (RowsOf: the stream's own view last).
    /// `after`: the state that view was made of, which the index takes as it is rather than parse the view back.
    public void Observe(IReadOnlyList<ViewRow> rows, PartyState after)
    {
        for (var i = 0; i < rows.Count; i++)
            foreach (var observer in observers)
                if (i == rows.Count - 1 && ReferenceEquals(observer, index)) index.Observe(rows[i], PartyView.Of(after));
                else observer.Observe(rows[i]);
    }

    private async Task PutAsync(ViewRow row, CancellationToken ct)
    {
        await views.PutAsync(row, ct);
        foreach (var observer in observers) observer.Observe(row);
    }
}
