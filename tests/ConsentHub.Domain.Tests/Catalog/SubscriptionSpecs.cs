using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Tests.TestKit;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Catalog;

public sealed class SubscriptionSpecs
{
    private static readonly EventMeta M0 = Meta("define", 0);

    private static TenantEvent.SubscriptionCreated Created(string id, int minute) =>
        new(id, "https://crm.example.fi/hook", new[] { "consenthub.objection.recorded.v1" }, new Sealed("c2VhbGVk"), Meta("create-" + id, minute));

    private static (TenantOutcome Outcome, TenantEvent[] Events) Decide(TenantCommand command, params TenantEvent[] history) =>
        TenantDecider.Decide(command, history.Aggregate(TenantState.Initial, TenantDecider.Evolve));

    private static readonly TenantEvent Defined = new TenantEvent.Defined(Kaleva365.Definition, M0);

    [Fact]
    public void Creating_a_subscription_records_it()
    {
        var created = Created("sub-1", 1);
        var (outcome, events) = Decide(new TenantCommand.CreateSubscription(created, 50, created.Meta), Defined);
        Assert.IsType<TenantOutcome.Done>(outcome);
        Assert.Equal([created], events);
    }

    [Fact]
    public void A_tenant_at_its_limit_of_active_subscriptions_gets_no_more_but_ended_ones_do_not_count()
    {
        var third = Created("sub-3", 3);
        var full = Decide(new TenantCommand.CreateSubscription(third, 2, third.Meta), Defined, Created("sub-1", 1), Created("sub-2", 2));
        Assert.Equal(new TenantOutcome.SubscriptionLimitReached(2), full.Outcome);
        Assert.Empty(full.Events);

        var afterEnd = Decide(new TenantCommand.CreateSubscription(third, 2, third.Meta),
            Defined, Created("sub-1", 1), Created("sub-2", 2), new TenantEvent.SubscriptionEnded("sub-1", Meta("end-1", 4)));
        Assert.IsType<TenantOutcome.Done>(afterEnd.Outcome);
    }

    [Fact]
    public void Ending_a_subscription_records_it_once_and_ending_it_again_changes_nothing()
    {
        var end = new TenantCommand.EndSubscription("sub-1", Meta("end-1", 5));
        var (outcome, events) = Decide(end, Defined, Created("sub-1", 1));
        Assert.IsType<TenantOutcome.Done>(outcome);
        Assert.Equal([new TenantEvent.SubscriptionEnded("sub-1", end.Meta)], events);

        var again = Decide(new TenantCommand.EndSubscription("sub-1", Meta("end-2", 6)), Defined, Created("sub-1", 1), events[0]);
        Assert.IsType<TenantOutcome.Done>(again.Outcome);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void Ending_an_unknown_subscription_is_not_found() =>
        Assert.IsType<TenantOutcome.SubscriptionNotFound>(Decide(new TenantCommand.EndSubscription("sub-9", Meta("end-9", 5)), Defined, Created("sub-1", 1)).Outcome);

    [Fact]
    public void Subscribing_for_a_tenant_that_is_not_defined_is_not_found()
    {
        var created = Created("sub-1", 1);
        Assert.IsType<TenantOutcome.NotFound>(Decide(new TenantCommand.CreateSubscription(created, 50, created.Meta)).Outcome);
    }
}
