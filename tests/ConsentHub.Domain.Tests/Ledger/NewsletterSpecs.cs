using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using static ConsentHub.Domain.Tests.TestKit.LedgerSpec;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Ledger;

public sealed class NewsletterSpecs
{
    private static readonly EventMeta R1 = Meta("r1", 10, "website");

    [Fact]
    public void Subscribing_to_a_double_opt_in_list_records_a_pending_subscription()
    {
        Given()
            .When(new LedgerCommand.Subscribe("weekly", "sv", false, Shown, R1))
            .Then(new LedgerEvent.NewsletterSubscribed("weekly", "sv", false, Shown, R1));

        var entry = Fold(new LedgerEvent.NewsletterSubscribed("weekly", "sv", false, Shown, R1)).Newsletters["weekly"];
        Assert.Equal(new NewsletterEntry(NewsletterStatus.Pending, R1.At, null, null, "sv"), entry);
    }

    [Fact]
    public void Subscribing_to_a_single_opt_in_list_records_a_confirmed_subscription()
    {
        Given()
            .When(new LedgerCommand.Subscribe("weekly", "fi", true, Shown, R1))
            .Then(new LedgerEvent.NewsletterSubscribed("weekly", "fi", true, Shown, R1));

        var entry = Fold(new LedgerEvent.NewsletterSubscribed("weekly", "fi", true, Shown, R1)).Newsletters["weekly"];
        Assert.Equal(new NewsletterEntry(NewsletterStatus.Subscribed, R1.At, R1.At, null, "fi"), entry);
    }

    [Fact]
    public void Confirming_a_pending_subscription_records_NewsletterConfirmed_and_keeps_the_language()
    {
        Given(Subscribed("weekly", false, 1))
            .When(new LedgerCommand.ConfirmSubscription("weekly", Shown, R1))
            .Then(new LedgerEvent.NewsletterConfirmed("weekly", Shown, R1));

        var entry = Fold(Subscribed("weekly", false, 1), new LedgerEvent.NewsletterConfirmed("weekly", Shown, R1)).Newsletters["weekly"];
        Assert.Equal(new NewsletterEntry(NewsletterStatus.Subscribed, R1.At, R1.At, null, "fi"), entry);
    }

    [Fact]
    public void Unsubscribing_records_NewsletterUnsubscribed_and_remembers_when_it_was_confirmed()
    {
        Given(Subscribed("weekly", true, 1))
            .When(new LedgerCommand.Unsubscribe("weekly", Shown, R1))
            .Then(new LedgerEvent.NewsletterUnsubscribed("weekly", Shown, R1));

        var entry = Fold(Subscribed("weekly", true, 1), new LedgerEvent.NewsletterUnsubscribed("weekly", Shown, R1)).Newsletters["weekly"];
        Assert.Equal(new NewsletterEntry(NewsletterStatus.Unsubscribed, R1.At, T0.AddMinutes(1), R1.At, "fi"), entry);
    }

    [Fact]
    public void Asking_again_while_subscribed_keeps_the_subscription_confirmed()
    {
        var entry = Fold(Subscribed("weekly", true, 1), Subscribed("weekly", false, 2)).Newsletters["weekly"];

        Assert.Equal(NewsletterStatus.Subscribed, entry.Status);
        Assert.Equal(T0.AddMinutes(1), entry.ConfirmedAt);
    }

    [Fact]
    public void Asking_again_after_unsubscribing_is_pending_until_confirmed()
    {
        var entry = Fold(Subscribed("weekly", true, 1), Unsubscribed("weekly", 2), Subscribed("weekly", false, 3)).Newsletters["weekly"];

        Assert.Equal(new NewsletterEntry(NewsletterStatus.Pending, T0.AddMinutes(3), T0.AddMinutes(1), T0.AddMinutes(2), "fi"), entry);
    }
}
