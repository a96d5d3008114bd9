using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using static ConsentHub.Domain.Tests.TestKit.LedgerSpec;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Ledger;

/// A pending double opt-in subscription is what mails a confirmation: the decider writes one per list and day at
/// most, and none for an address that refused direct marketing by e-mail.
public sealed class ConfirmationMailSpecs
{
    private static LedgerCommand.Subscribe Subscribe(string requestId, int minute, bool confirmed = false) =>
        new("weekly", "fi", confirmed, Shown, Meta(requestId, minute, "website"));

    [Fact]
    public void A_repeat_while_the_confirmation_is_pending_records_nothing() =>
        Given(Subscribed("weekly", false, 1))
            .When(Subscribe("again", 60))
            .Then();

    [Fact]
    public void A_repeat_a_day_later_records_a_new_pending_subscription()
    {
        var later = Subscribe("a-day-later", 24 * 60 + 2);
        Given(Subscribed("weekly", false, 1))
            .When(later)
            .Then(new LedgerEvent.NewsletterSubscribed("weekly", "fi", false, Shown, later.Meta));
    }

    [Theory]
    [InlineData("email")]
    [InlineData("all")]
    public void A_direct_marketing_prohibition_on_e_mail_withholds_the_confirmation(string channel) =>
        Given(Objection("direct-marketing", channel, 1))
            .When(Subscribe("r", 2))
            .Then();

    [Fact]
    public void A_prohibition_on_sms_does_not_withhold_an_e_mail_confirmation()
    {
        var subscribe = Subscribe("r", 2);
        Given(Objection("direct-marketing", "sms", 1))
            .When(subscribe)
            .Then(new LedgerEvent.NewsletterSubscribed("weekly", "fi", false, Shown, subscribe.Meta));
    }

    [Fact]
    public void A_prohibition_found_on_a_linked_subject_withholds_the_confirmation() =>
        Given()
            .When(Subscribe("r", 2) with { ForbiddenElsewhere = true })
            .Then();

    [Fact]
    public void A_bare_contact_point_stream_is_not_started_for_a_withheld_confirmation() =>
        Given()
            .WhenForContact(Identified(MattiEmail, 1), Subscribe("r", 2) with { ForbiddenElsewhere = true })
            .Then();
}
