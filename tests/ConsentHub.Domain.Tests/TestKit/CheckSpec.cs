using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Domain.Tests.TestKit;

/// Given(events).Check(purpose, channel, recipient).Then(allowed, reason) over the decision table.
public static class CheckSpec
{
    public static PartyState[] Given(params LedgerEvent[] stream) => [LedgerDecider.Fold(stream)];

    /// Several streams speak for one recipient: a contact point's own and its subject's.
    public static PartyState[] GivenStreams(params LedgerEvent[][] streams) => [.. streams.Select(LedgerDecider.Fold)];

    public static PartyState[] Nothing => [];

    public static Permission Check(this PartyState[] states, string purpose, string channel, string recipient) =>
        PermissionPolicy.Decide(Kaleva365.Catalog, purpose, channel, Recipient.Parse(recipient), states);

    /// `scope` is the ban an `objected` answer names (null for every other answer).
    public static void Then(this Permission actual, bool allowed, string reason, string? scope = null) =>
        Assert.Equal(new Permission(allowed, reason, scope), actual);
}
