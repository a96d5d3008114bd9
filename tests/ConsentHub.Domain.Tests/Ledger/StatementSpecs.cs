using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Tests.TestKit;
using static ConsentHub.Domain.Tests.TestKit.LedgerSpec;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Ledger;

public sealed class StatementSpecs
{
    private static readonly EventMeta R1 = Meta("r1", 10);

    [Fact]
    public void Granting_consent_records_ConsentGranted_with_the_policy_version_shown() =>
        Given()
            .When(new LedgerCommand.RecordConsent(Kaleva365.MarketResearch, "email", true, PolicyVersion, Shown, R1))
            .Then(new LedgerEvent.ConsentGranted(Kaleva365.MarketResearch, "email", PolicyVersion, Shown, R1));

    [Fact]
    public void Withdrawing_consent_records_ConsentWithdrawn_with_the_policy_version_shown() =>
        Given(Granted(Kaleva365.MarketResearch, null, 1))
            .When(new LedgerCommand.RecordConsent(Kaleva365.MarketResearch, null, false, "2024-06-01", Shown, R1))
            .Then(new LedgerEvent.ConsentWithdrawn(Kaleva365.MarketResearch, null, "2024-06-01", Shown, R1));

    [Fact]
    public void A_folded_consent_keeps_its_policy_version_time_and_source()
    {
        var state = Fold(Granted(Kaleva365.Profiling, "email", 1), Withdrawn(Kaleva365.Profiling, "email", 5));

        Assert.Equal(new ConsentEntry(false, T0.AddMinutes(5), PolicyVersion, "preference-center"), state.Consents[new(Kaleva365.Profiling, "email")]);
        Assert.Equal(2, state.Version);
    }

    [Fact]
    public void Recording_an_objection_records_ObjectionRecorded() =>
        Given()
            .When(new LedgerCommand.RecordObjection("direct-marketing", "all", false, Shown, R1))
            .Then(new LedgerEvent.ObjectionRecorded("direct-marketing", "all", Shown, R1));

    [Fact]
    public void Lifting_an_objection_records_ObjectionLifted() =>
        Given(Objection("direct-marketing", "sms", 1))
            .When(new LedgerCommand.RecordObjection("direct-marketing", "sms", true, Shown, R1))
            .Then(new LedgerEvent.ObjectionLifted("direct-marketing", "sms", Shown, R1));

    [Fact]
    public void Lifting_on_all_channels_clears_every_channel_of_that_scope_only()
    {
        var state = Fold(
            Objection("direct-marketing", "email", 1), Objection("direct-marketing", "sms", 2),
            Objection("market-research", "phone", 3), Lifted("direct-marketing", "all", 4));

        Assert.Equal([new ObjectionKey("market-research", "phone")], state.Objections.Keys);
    }

    [Fact]
    public void Restricting_processing_records_RestrictionChanged()
    {
        var reason = new Sealed("c2VhbGVkLXJlYXNvbg");
        Given()
            .When(new LedgerCommand.SetRestriction(true, reason, R1))
            .Then(new LedgerEvent.RestrictionChanged(true, reason, R1));
    }

    [Fact]
    public void Clearing_a_restriction_clears_it_in_the_state()
    {
        Assert.True(Fold(Restriction(true, 1)).Restricted);
        var cleared = Fold(Restriction(true, 1), Restriction(false, 2));
        Assert.False(cleared.Restricted);
        Assert.Null(cleared.RestrictedSince);
    }

    [Fact]
    public void Replacing_contact_points_records_the_whole_new_set()
    {
        Given(ContactPoints(1))
            .When(new LedgerCommand.ReplaceContactPoints(new[] { MattiEmail }, Array.Empty<ContactRef>(), R1))
            .Then(new LedgerEvent.ContactPointsChanged(new[] { MattiEmail }, Array.Empty<ContactRef>(), R1));

        var state = Fold(ContactPoints(1), new LedgerEvent.ContactPointsChanged(new[] { MattiEmail }, Array.Empty<ContactRef>(), R1));
        Assert.Equal([MattiEmail], state.ContactPoints);
    }

    [Fact]
    public void Erasing_records_SubjectErased_and_keeps_only_the_prohibitions()
    {
        var r = Meta("erase", 10, "dsr");
        Given(Granted(Kaleva365.Profiling, null, 1), Objection("direct-marketing", "all", 2))
            .When(new LedgerCommand.Erase(r))
            .Then(new LedgerEvent.SubjectErased(r));

        var state = Fold(Granted(Kaleva365.Profiling, null, 1), Objection("direct-marketing", "all", 2), Subscribed("weekly", true, 3), Erased(4));
        Assert.True(state.Erased);
        Assert.Empty(state.Consents);
        Assert.Empty(state.Newsletters);
        Assert.True(state.Objects("direct-marketing", "email"));
    }
}
