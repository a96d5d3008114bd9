using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Validation;
using ConsentHub.Domain.Tests.TestKit;
using static ConsentHub.Domain.Tests.TestKit.CheckSpec;
using static ConsentHub.Domain.Tests.TestKit.Kaleva365;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Checks;

/// The push channel: a device token is a recipient (`push:{token}`) that fits the `push` channel only, and is opaque:
/// trimmed, never rewritten, refused when too long or not one word of visible ASCII.
public sealed class PushRecipientChecks
{
    private const string Token = "fcm:APA91bH-x_9Zk3/+e=";

    [Theory]
    [InlineData("push:" + Token, Token)]
    [InlineData("push:  " + Token + " ", Token)]
    [InlineData("push:ABCdef", "ABCdef")]
    public void A_device_token_is_trimmed_and_otherwise_kept_as_given(string raw, string token) =>
        Assert.Equal(new Recipient.Contact(new ContactPoint(ContactKind.Push, token)), Recipient.Parse(raw));

    [Theory]
    [InlineData("push:")]
    [InlineData("push:   ")]
    [InlineData("push:two words")]
    [InlineData("push:ääkkönen")]
    [InlineData("push:tab\there")]
    public void A_token_that_is_not_one_word_of_visible_ascii_is_no_recipient(string raw) =>
        Assert.IsType<Recipient.Invalid>(Recipient.Parse(raw));

    [Fact]
    public void A_token_longer_than_the_limit_is_no_recipient()
    {
        Assert.IsType<Recipient.Contact>(Recipient.Parse("push:" + new string('a', PushToken.MaxLength)));
        Assert.IsType<Recipient.Invalid>(Recipient.Parse("push:" + new string('a', PushToken.MaxLength + 1)));
    }

    [Theory]
    [InlineData("email")]
    [InlineData("sms")]
    [InlineData("phone")]
    [InlineData("post")]
    public void A_device_token_fits_the_push_channel_only(string channel)
    {
        Nothing.Check(DirectMarketing, channel, "push:" + Token).Then(false, "invalid-recipient");
        Nothing.Check(DirectMarketing, "push", "push:" + Token).Then(true, "no-objection");
        Nothing.Check(DirectMarketing, "push", "matti@example.fi").Then(false, "invalid-recipient");
    }

    [Fact]
    public void A_direct_marketing_objection_on_push_stops_marketing_by_push_but_not_by_email()
    {
        var states = Given(Objection("direct-marketing", "push", 1));
        states.Check(DirectMarketing, "push", "push:" + Token).Then(false, "direct-marketing-prohibited");
        states.Check(DirectMarketing, "push", "subject:crm-123").Then(false, "direct-marketing-prohibited");
        states.Check(DirectMarketing, "email", "subject:crm-123").Then(true, "no-objection");
    }

    [Fact]
    public void Replaced_contact_points_keep_push_tokens_apart_from_e_mails_and_phones()
    {
        var token = new ContactRef("hmac-push", new Sealed("c2VhbGVkLXB1c2g"));
        var state = Fold(new LedgerEvent.ContactPointsChanged(new[] { MattiEmail }, new[] { MattiPhone }, Meta("contacts", 1), new[] { token }));
        Assert.Equal([token], state.Push);
        Assert.Equal(new[] { MattiEmail, MattiPhone, token }, state.ContactPoints);
        Assert.Empty(Fold(ContactPoints(1)).Push);   // an event stored before push existed has none
    }
}
