using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Tests.TestKit;
using static ConsentHub.Domain.Tests.TestKit.CheckSpec;
using static ConsentHub.Domain.Tests.TestKit.Kaleva365;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Checks;

/// Rules 1 and 2 of the decision table: who and what can be asked about, and what is never blocked.
public sealed class RecipientAndPurposeChecks
{
    private const string Email = "Matti.Meikalainen@Example.FI";
    private const string Phone = "040 123 4567";
    private const string Subject = "subject:crm-123";

    [Fact]
    public void The_realistic_tenant_of_these_specs_is_itself_valid() =>
        Assert.Empty(TenantValidation.Validate(Definition));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not an address")]
    [InlineData("matti@")]
    [InlineData("matti@localhost")]
    [InlineData("12")]
    [InlineData("subject:")]
    [InlineData("subject:CRM 123")]
    public void A_recipient_that_does_not_parse_is_invalid(string recipient) =>
        Nothing.Check(DirectMarketing, "email", recipient).Then(false, "invalid-recipient");

    [Theory]
    [InlineData(Email, "sms")]
    [InlineData(Email, "phone")]
    [InlineData(Email, "post")]
    [InlineData(Phone, "email")]
    [InlineData(Phone, "post")]
    public void A_contact_point_of_a_kind_that_does_not_fit_the_channel_is_invalid(string recipient, string channel) =>
        Nothing.Check(DirectMarketing, channel, recipient).Then(false, "invalid-recipient");

    [Theory]
    [InlineData(Email, "email")]
    [InlineData(Phone, "sms")]
    [InlineData(Phone, "phone")]
    [InlineData("+358401234567", "sms")]
    [InlineData(Subject, "email")]
    [InlineData(Subject, "sms")]
    [InlineData(Subject, "phone")]
    [InlineData(Subject, "post")]
    public void A_recipient_that_fits_the_channel_is_checked(string recipient, string channel) =>
        Nothing.Check(DirectMarketing, channel, recipient).Then(true, "no-objection");

    [Fact]
    public void An_invalid_recipient_is_reported_before_an_unknown_purpose() =>
        Nothing.Check("telemarketing", "sms", Email).Then(false, "invalid-recipient");

    [Theory]
    [InlineData("telemarketing")]
    [InlineData("weekly")]
    [InlineData("newsletter:daily")]
    [InlineData("newsletter:")]
    [InlineData("Direct-Marketing")]
    public void A_purpose_outside_the_catalog_is_unknown(string purpose) =>
        Nothing.Check(purpose, "email", Email).Then(false, "unknown-purpose");

    [Theory]
    [InlineData(ServiceNotices, "email", Email)]
    [InlineData(ServiceNotices, "sms", Phone)]
    [InlineData(SafetyRecalls, "post", Subject)]
    public void A_contract_or_legal_obligation_purpose_is_a_service_notice(string purpose, string channel, string recipient) =>
        Nothing.Check(purpose, channel, recipient).Then(true, "service-notice");

    [Theory]
    [InlineData(ServiceNotices)]
    [InlineData(SafetyRecalls)]
    public void Service_notices_are_never_blocked_by_marketing_choices_or_a_restriction(string purpose)
    {
        var states = Given(
            Objection("direct-marketing", "all", 1), Objection(purpose, "all", 2), Restriction(true, 3),
            Withdrawn(purpose, null, 4), Unsubscribed("weekly", 5));

        states.Check(purpose, "email", Email).Then(true, "service-notice");
        states.Check(purpose, "sms", Subject).Then(true, "service-notice");
    }

    [Fact]
    public void Service_notices_still_reach_an_erased_subject() =>
        Given(Objection("direct-marketing", "all", 1), Erased(2))
            .Check(ServiceNotices, "email", Subject).Then(true, "service-notice");
}
