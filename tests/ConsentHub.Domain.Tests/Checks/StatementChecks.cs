using static ConsentHub.Domain.Tests.TestKit.CheckSpec;
using static ConsentHub.Domain.Tests.TestKit.Kaleva365;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Checks;

/// Rules 6 to 9: erasure, newsletters, consent and legitimate interest.
public sealed class StatementChecks
{
    private const string Email = "matti.meikalainen@example.fi";
    private const string Subject = "subject:crm-123";

    [Theory]
    [InlineData(DirectMarketing)]
    [InlineData(MarketResearch)]
    [InlineData(Weekly)]
    public void An_erased_subject_is_erased(string purpose) =>
        Given(Granted(MarketResearch, null, 1), Subscribed("weekly", true, 1), Erased(2))
            .Check(purpose, "email", Subject).Then(false, "erased");

    [Fact]
    public void An_erased_subjects_prohibition_still_answers_with_its_own_reason() =>
        Given(Objection("direct-marketing", "email", 1), Erased(2))
            .Check(DirectMarketing, "email", Email).Then(false, "direct-marketing-prohibited");

    [Fact]
    public void A_confirmed_subscription_is_subscribed() =>
        Given(Subscribed("weekly", false, 1), Confirmed("weekly", 2)).Check(Weekly, "email", Email).Then(true, "subscribed");

    [Fact]
    public void A_single_opt_in_subscription_is_subscribed() =>
        Given(Subscribed("weekly", true, 1)).Check(Weekly, "email", Email).Then(true, "subscribed");

    [Fact]
    public void A_recipient_never_seen_is_not_subscribed()
    {
        Nothing.Check(Weekly, "email", Email).Then(false, "not-subscribed");
        Given(Granted(MarketResearch, null, 1)).Check(Weekly, "email", Email).Then(false, "not-subscribed");
    }

    [Fact]
    public void A_pending_subscription_is_not_subscribed() =>
        Given(Subscribed("weekly", false, 1)).Check(Weekly, "email", Email).Then(false, "not-subscribed");

    [Fact]
    public void Unsubscribing_is_unsubscribed() =>
        Given(Subscribed("weekly", true, 1), Unsubscribed("weekly", 2)).Check(Weekly, "email", Email).Then(false, "unsubscribed");

    [Fact]
    public void A_pending_resubscription_after_unsubscribing_stays_unsubscribed() =>
        Given(Subscribed("weekly", true, 1), Unsubscribed("weekly", 2), Subscribed("weekly", false, 3))
            .Check(Weekly, "email", Email).Then(false, "unsubscribed");

    [Fact]
    public void A_confirmed_resubscription_after_unsubscribing_is_subscribed()
    {
        Given(Subscribed("weekly", true, 1), Unsubscribed("weekly", 2), Subscribed("weekly", false, 3), Confirmed("weekly", 4))
            .Check(Weekly, "email", Email).Then(true, "subscribed");
        Given(Subscribed("weekly", true, 1), Unsubscribed("weekly", 2), Subscribed("weekly", true, 3))
            .Check(Weekly, "email", Email).Then(true, "subscribed");
    }

    [Fact]
    public void An_unsubscribe_from_the_contact_point_outweighs_an_older_subscription_of_the_subject() =>
        GivenStreams([Identified(MattiEmail, 3), Unsubscribed("weekly", 3)], [ContactPoints(1), Subscribed("weekly", true, 2)])
            .Check(Weekly, "email", Email).Then(false, "unsubscribed");

    [Fact]
    public void Granted_consent_is_consented() =>
        Given(Granted(MarketResearch, "email", 1)).Check(MarketResearch, "email", Email).Then(true, "consented");

    [Fact]
    public void Withdrawn_consent_is_consent_withdrawn() =>
        Given(Granted(MarketResearch, null, 1), Withdrawn(MarketResearch, null, 2)).Check(MarketResearch, "email", Email).Then(false, "consent-withdrawn");

    [Fact]
    public void No_statement_for_that_purpose_and_channel_is_no_consent()
    {
        Nothing.Check(MarketResearch, "email", Email).Then(false, "no-consent");
        Given(Granted(Profiling, null, 1)).Check(MarketResearch, "email", Email).Then(false, "no-consent");
        Given(Granted(MarketResearch, "sms", 1)).Check(MarketResearch, "email", Email).Then(false, "no-consent");
    }

    [Fact]
    public void A_later_channel_withdrawal_overrides_an_all_channel_grant_for_that_channel_only()
    {
        var states = Given(Granted(MarketResearch, null, 1), Withdrawn(MarketResearch, "email", 2));

        states.Check(MarketResearch, "email", Subject).Then(false, "consent-withdrawn");
        states.Check(MarketResearch, "sms", Subject).Then(true, "consented");
    }

    [Fact]
    public void A_later_all_channel_statement_overrides_an_earlier_channel_statement()
    {
        Given(Withdrawn(MarketResearch, "email", 1), Granted(MarketResearch, null, 2))
            .Check(MarketResearch, "email", Email).Then(true, "consented");
        Given(Granted(MarketResearch, "email", 1), Withdrawn(MarketResearch, null, 2))
            .Check(MarketResearch, "email", Email).Then(false, "consent-withdrawn");
    }

    [Fact]
    public void The_latest_statement_wins_across_a_contact_point_and_its_subject() =>
        GivenStreams([Identified(MattiEmail, 1), Granted(MarketResearch, "email", 1)], [ContactPoints(1), Withdrawn(MarketResearch, null, 2)])
            .Check(MarketResearch, "email", Email).Then(false, "consent-withdrawn");

    [Fact]
    public void Legitimate_interest_with_nothing_recorded_against_it_is_no_objection()
    {
        Nothing.Check(DirectMarketing, "post", Subject).Then(true, "no-objection");
        Given(ContactPoints(1), Withdrawn(MarketResearch, null, 2), Unsubscribed("weekly", 3))
            .Check(DirectMarketing, "email", Email).Then(true, "no-objection");
    }
}
