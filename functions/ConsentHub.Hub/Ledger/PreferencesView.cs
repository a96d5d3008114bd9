using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Feed;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Ledger;

/// A subject's preferences as its owner sees them: its own statements plus what was recorded against its
/// contact points (an SMS STOP, a link unsubscribe), contact points opened from their sealed values.
/// Read through the party lookup, so it answers from memory embedded and from the Cosmos DB views on Azure.
public sealed class PreferencesView(Sealer sealer, IPartyLookup lookup)
{
    /// The subject's current preferences, or null for a subject the hub does not know.
    public async Task<PreferencesResponse?> FindAsync(string tenant, string subjectId, CancellationToken ct)
    {
        var states = (await lookup.StatesAsync([StreamId.Subject(tenant, subjectId)], ct))[0];
        return states.Count == 0 ? null : await BuildAsync(tenant, subjectId, states.First(), ct);
    }

    /// Preferences with the subject's own statements as given (e.g. as of an earlier version, for a replay).
    public async Task<PreferencesResponse> BuildAsync(string tenant, string subjectId, PartyState subject, CancellationToken ct)
    {
        var open = await sealer.OpenerAsync(StreamId.Subject(tenant, subjectId), ct);
        var hashes = subject.ContactPoints.Select(c => c.Hash).ToHashSet();
        // Only the contact points' prohibitions and newsletters are taken from these states: no sealed values, so memory
        // answers without a read of the store (the subject's own values come with `subject`).
        var contactStates = (await lookup.StatesAsync([StreamId.Subject(tenant, subjectId)], ct, values: false))[0].Skip(1)
            .Where(c => c.Identity is { } identity && hashes.Contains(identity.Contact.Hash)).ToList();
        var all = contactStates.Prepend(subject).ToList();
        var prohibitions = all.SelectMany(s => s.Objections)
            .GroupBy(o => o.Key).Select(g => g.MinBy(o => o.Value.Since))
            .Select(o => new ProhibitionView(o.Key.Scope, o.Key.Channel, o.Value.Since, o.Value.Source))
            .OrderBy(p => p.Since).ToList();
        var consents = subject.Consents
            .Select(c => new ConsentView(c.Key.Purpose, c.Key.Channel, c.Value.Granted, c.Value.Since, c.Value.PolicyVersion))
            .OrderBy(c => c.Purpose, StringComparer.Ordinal).ThenBy(c => c.Channel, StringComparer.Ordinal).ToList();
        var newsletters = all.SelectMany(s => s.Newsletters)
            .GroupBy(n => n.Key).Select(g => g.MaxBy(n => n.Value.Since))
            .Select(n => new NewsletterView(n.Key, n.Value.Status, n.Value.Since))
            .OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
        return new PreferencesResponse(subjectId, subject.Version,
            new ContactPointsView(EventViews.Open(subject.Emails, open), EventViews.Open(subject.Phones, open),
                subject.Push.Count > 0 ? EventViews.Open(subject.Push, open) : null),
            prohibitions, consents, newsletters, subject.Restricted);
    }
}
