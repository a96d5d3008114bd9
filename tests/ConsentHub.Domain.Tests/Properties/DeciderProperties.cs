using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using FsCheck;
using FsCheck.Fluent;

namespace ConsentHub.Domain.Tests.Properties;

public sealed class DeciderProperties
{
    /// A history built by the decider itself, a command, and how the command names its key and version.
    public sealed record Scenario(LedgerCommand[] History, LedgerCommand Command, int KeyChoice, int VersionChoice, bool OnContactStream, bool IdentityInSameRequest);

    private static readonly Gen<Scenario> Scenarios =
        from history in Generators.Command.ListOf()
        from command in Generators.Command
        from key in Gen.Choose(0, 2)
        from version in Gen.Choose(0, 2)
        from contact in Gen.Elements(true, false)
        from shared in Gen.Elements(true, false)
        select new Scenario([.. history], command, key, version, contact, shared);

    [Fact]
    public void Replaying_any_command_with_the_same_request_after_it_was_applied_decides_nothing() =>
        Prop.ForAll(Scenarios.ToArbitrary(), scenario =>
        {
            var state = Build(scenario.History);
            var command = Prepare(scenario, state);
            var identityMeta = scenario.IdentityInSameRequest ? command.Meta : command.Meta with { RequestId = "identity" };
            var identity = new LedgerEvent.ContactIdentified("email", new ContactRef("hash", new("sealed")), identityMeta);
            var (outcome, events) = Decide(scenario, command, identity, state);
            var after = events.Aggregate(state, LedgerDecider.Evolve);

            var (replayOutcome, replayEvents) = Decide(scenario, command, identity, after);

            Assert.Empty(replayEvents);
            // A withheld double opt-in (ConfirmationMail) is accepted with nothing recorded: its replay is withheld alike.
            if (outcome is LedgerOutcome.Recorded && events.Length > 0)
            {
                var first = Assert.IsType<LedgerOutcome.Replayed>(replayOutcome).First;
                Assert.Equal((command.Meta.RequestHash, state.Version + events.Length, command.Meta.At), (first.RequestHash, first.Version, first.At));
            }
            else
                Assert.Equal(outcome, replayOutcome);
        }).QuickCheckThrowOnFailure();

    private static (LedgerOutcome, LedgerEvent[]) Decide(Scenario scenario, LedgerCommand command, LedgerEvent.ContactIdentified identity, PartyState state) =>
        scenario.OnContactStream ? LedgerDecider.DecideForContact(command, identity, state) : LedgerDecider.Decide(command, state);

    private static PartyState Build(LedgerCommand[] history) =>
        history.Select((c, i) => c with { Meta = c.Meta with { RequestId = $"h{i}", RequestHash = $"sha-h{i}" } })
            .Aggregate(PartyState.Initial, (s, c) => LedgerDecider.Decide(c, s).Events.Aggregate(s, LedgerDecider.Evolve));

    private static LedgerCommand Prepare(Scenario scenario, PartyState state)
    {
        var seen = state.Requests.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
        var meta = (scenario.KeyChoice, seen) switch
        {
            (1, { } id) => scenario.Command.Meta with { RequestId = id, RequestHash = state.Requests[id].RequestHash },
            (2, { } id) => scenario.Command.Meta with { RequestId = id, RequestHash = "another body" },
            _ => scenario.Command.Meta with { RequestId = "fresh", RequestHash = "sha-fresh" },
        };
        var expected = scenario.VersionChoice switch { 0 => (long?)null, 1 => state.Version, _ => state.Version + 1 };
        return scenario.Command with { Meta = meta, ExpectedVersion = expected };
    }
}
