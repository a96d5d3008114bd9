using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Feed;
using ConsentHub.Functions.Projections;
using ConsentHub.Functions.Security;

namespace ConsentHub.Functions.Ledger;

/// A subject's preferences as its owner sees them: its own statements plus what was recorded against its
/// contact points (an SMS STOP, a link unsubscribe), contact points opened from their sealed values.
public sealed class PreferencesView(Sealer sealer)
{
    public async Task<PreferencesResponse> BuildAsync(string tenant, string subjectId, PartyState subject, TenantParties parties, CancellationToken ct)
    {
        var open = await sealer.OpenerAsync(StreamId.Subject(tenant, subjectId), ct);
        var contactStates = subject.ContactPoints.Select(c => parties.Contact(c.Hash)).OfType<PartyState>().ToList();
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
            new ContactPointsView(EventViews.Open(subject.Emails, open), EventViews.Open(subject.Phones, open)),
            prohibitions, consents, newsletters, subject.Restricted);
    }
}
