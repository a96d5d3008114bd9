using ConsentHub.Domain.Tests.TestKit;
using static ConsentHub.Domain.Tests.TestKit.CheckSpec;
using static ConsentHub.Domain.Tests.TestKit.Kaleva365;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Checks;

/// Rules 3 to 5: restriction, the direct-marketing prohibition (suoramarkkinointikielto) and scoped objections.
public sealed class ProhibitionChecks
{
    private const string Email = "matti.meikalainen@example.fi";
    private const string Phone = "+358401234567";
    private const string Subject = "subject:crm-123";

    public static TheoryData<string, string> MarketingOnEveryChannel()
    {
        var data = new TheoryData<string, string>();
        foreach (var purpose in MarketingPurposes)
            foreach (var channel in AllChannels) data.Add(purpose, channel);
        return data;
    }

    [Theory]
    [InlineData(DirectMarketing)]
    [InlineData(MarketResearch)]
    [InlineData(Profiling)]
    [InlineData(Weekly)]
    public void A_restricted_subject_gets_no_marketing_or_profiling(string purpose) =>
        Given(Granted(MarketResearch, null, 1), Granted(Profiling, null, 1), Subscribed("weekly", true, 1), Restriction(true, 2), Objection("direct-marketing", "all", 3))
            .Check(purpose, "email", Subject).Then(false, "processing-restricted");

    [Fact]
    public void Clearing_the_restriction_restores_processing() =>
        Given(Restriction(true, 1), Restriction(false, 2)).Check(DirectMarketing, "email", Subject).Then(true, "no-objection");

    [Theory]
    [MemberData(nameof(MarketingOnEveryChannel))]
    public void An_objection_to_direct_marketing_on_all_channels_blocks_every_marketing_purpose_and_newsletter(string purpose, string channel) =>
        Given(Granted(MarketResearch, null, 1), Subscribed("weekly", true, 1), Objection("direct-marketing", "all", 2))
            .Check(purpose, channel, Subject).Then(false, "direct-marketing-prohibited");

    [Fact]
    public void A_direct_marketing_objection_does_not_touch_a_purpose_that_is_not_marketing() =>
        Given(Granted(Profiling, null, 1), Objection("direct-marketing", "all", 2))
            .Check(Profiling, "email", Subject).Then(true, "consented");

    [Fact]
    public void An_objection_to_direct_marketing_by_email_blocks_email_but_not_sms()
    {
        var states = Given(Objection("direct-marketing", "email", 1));

        states.Check(DirectMarketing, "email", Email).Then(false, "direct-marketing-prohibited");
        states.Check(Weekly, "email", Subject).Then(false, "direct-marketing-prohibited");
        states.Check(DirectMarketing, "sms", Phone).Then(true, "no-objection");
        states.Check(DirectMarketing, "sms", Subject).Then(true, "no-objection");
    }

    [Fact]
    public void A_prohibition_recorded_on_a_bare_contact_point_holds_without_any_subject() =>
        Given(Identified(MattiPhone, 1), Objection("direct-marketing", "sms", 1))
            .Check(DirectMarketing, "sms", Phone).Then(false, "direct-marketing-prohibited");

    [Fact]
    public void A_prohibition_on_the_subject_covers_its_contact_points() =>
        GivenStreams(
                [Identified(MattiEmail, 1), Subscribed("weekly", true, 1)],
                [ContactPoints(2), Objection("direct-marketing", "all", 3)])
            .Check(Weekly, "email", Email).Then(false, "direct-marketing-prohibited");

    [Fact]
    public void Checking_a_subject_also_sees_what_was_recorded_against_its_contact_points() =>
        GivenStreams([ContactPoints(1)], [Identified(MattiPhone, 2), Objection("direct-marketing", "sms", 2)])
            .Check(DirectMarketing, "sms", Subject).Then(false, "direct-marketing-prohibited");

    [Fact]
    public void Lifting_the_objection_on_all_channels_restores_direct_marketing()
    {
        var states = Given(Objection("direct-marketing", "email", 1), Objection("direct-marketing", "all", 2), Lifted("direct-marketing", "all", 3));

        foreach (var channel in AllChannels)
            states.Check(DirectMarketing, channel, Subject).Then(true, "no-objection");
    }

    [Fact]
    public void Lifting_the_objection_on_one_channel_restores_only_that_channel()
    {
        var states = Given(Objection("direct-marketing", "email", 1), Objection("direct-marketing", "sms", 2), Lifted("direct-marketing", "email", 3));

        states.Check(DirectMarketing, "email", Email).Then(true, "no-objection");
        states.Check(DirectMarketing, "sms", Phone).Then(false, "direct-marketing-prohibited");
    }

    [Fact]
    public void An_objection_recorded_again_after_a_lift_blocks_again() =>
        Given(Objection("direct-marketing", "sms", 1), Lifted("direct-marketing", "sms", 2), Objection("direct-marketing", "sms", 3))
            .Check(DirectMarketing, "sms", Phone).Then(false, "direct-marketing-prohibited");

    [Fact]
    public void An_objection_scoped_to_market_research_objects_to_it_but_not_to_direct_marketing()
    {
        var states = Given(Granted(MarketResearch, null, 1), Objection(MarketResearch, "all", 2));

        states.Check(MarketResearch, "phone", Phone).Then(false, "objected", MarketResearch);
        states.Check(DirectMarketing, "phone", Phone).Then(true, "no-objection");
    }

    [Fact]
    public void An_objection_to_profiling_by_email_covers_only_email()
    {
        var states = Given(Granted(Profiling, null, 1), Objection(Profiling, "email", 2));

        states.Check(Profiling, "email", Email).Then(false, "objected", Profiling);
        states.Check(Profiling, "sms", Phone).Then(true, "consented");
    }
}
