using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Domain.Tests.TestKit;

/// Given(events).When(command).Then(events) over the ledger decider (house style 6.14).
public static class LedgerSpec
{
    public static LedgerEvent[] Given(params LedgerEvent[] history) => history;

    public static Decision When(this LedgerEvent[] history, LedgerCommand command) =>
        new(LedgerDecider.Decide(command, LedgerDecider.Fold(history)));

    public static Decision WhenForContact(this LedgerEvent[] history, LedgerEvent.ContactIdentified identity, LedgerCommand command) =>
        new(LedgerDecider.DecideForContact(command, identity, LedgerDecider.Fold(history)));

    public static Decision Then(this Decision actual, params LedgerEvent[] expected)
    {
        Assert.IsType<LedgerOutcome.Recorded>(actual.Outcome);
        Assert.Equal(expected, actual.Events);
        return actual;
    }

    public static void ThenNothing(this Decision actual, LedgerOutcome expected)
    {
        Assert.Equal(expected, actual.Outcome);
        Assert.Empty(actual.Events);
    }
}

public sealed record Decision(LedgerOutcome Outcome, LedgerEvent[] Events)
{
    public Decision((LedgerOutcome Outcome, LedgerEvent[] Events) decided) : this(decided.Outcome, decided.Events) { }
}
