using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Projections;

/// Where permission checks find every stream state that speaks for a recipient: for a contact point's stream, its
/// own state and those of the subjects linked to it; for a subject's stream, its own and its contact points'.
/// Embedded: the in-memory projection. On Azure: the views the change feed keeps in Cosmos DB.
public interface IPartyLookup
{
    /// One answer per stream asked for, in order (an unknown stream answers no states).
    Task<IReadOnlyList<IReadOnlyCollection<PartyState>>> StatesAsync(IReadOnlyList<StreamId> streams, CancellationToken ct);
}

/// The embedded answer: the in-memory projection, already current after each write.
public sealed class InMemoryPartyLookup(PartyIndex parties) : IPartyLookup
{
    public Task<IReadOnlyList<IReadOnlyCollection<PartyState>>> StatesAsync(IReadOnlyList<StreamId> streams, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<IReadOnlyCollection<PartyState>>>([.. streams.Select(s => (IReadOnlyCollection<PartyState>)(s.IsSubject
            ? parties.For(s.Tenant).StatesForSubject(s.Key)
            : parties.For(s.Tenant).StatesForContact(s.Key)))]);
}
