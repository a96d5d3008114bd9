using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Ledger;

namespace ConsentHub.Hub.Requests;

/// The subject's state and those of the statements made from its contact points, read from the store itself:
/// an erasure must not act on a view that has not caught up yet, and an export must not leave out what just happened.
internal static class SubjectStates
{
    public static async Task<(PartyState Subject, List<PartyState> Contacts)?> LoadAsync(LedgerService ledger, string tenant, string subjectId, CancellationToken ct)
    {
        var subject = await ledger.LoadAsync(StreamId.Subject(tenant, subjectId), long.MaxValue, ct);
        if (!subject.Exists) return null;
        var contacts = new List<PartyState>();
        foreach (var contact in subject.ContactPoints)
            if (await ledger.LoadAsync(StreamId.Contact(tenant, contact.Hash), long.MaxValue, ct) is { Identity: not null } state) contacts.Add(state);
        return (subject, contacts);
    }
}
