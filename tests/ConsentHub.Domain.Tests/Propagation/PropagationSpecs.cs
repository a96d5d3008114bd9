using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;

namespace ConsentHub.Domain.Tests.Propagation;

public sealed class PropagationSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicy Policy = new(3, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));

    private static EventMeta Meta(string id) => new(id, id, T0);

    private static PropagationState Given(params PropagationEvent[] history) => history.Aggregate(PropagationState.Initial, PropagationState.Evolve);

    private static readonly PropagationEvent.Started Started =
        new("subject-s1", 2, "e-1", "objection.recorded/v1", "s1", new[] { "sendgrid", "sms" }, Meta("start"));

    [Fact]
    public void An_attempt_is_recorded_before_it_is_made_and_numbered_after_the_last()
    {
        var state = Given(Started, new PropagationEvent.AttemptStarted("sendgrid", 1, Meta("a1")), new PropagationEvent.AttemptFailed("sendgrid", 1, "503", T0, Meta("f1")));

        Assert.Equal([new PropagationEvent.AttemptStarted("sendgrid", 2, Meta("attempt:sendgrid:2"))], PropagationDecider.StartAttempt(state, "sendgrid", Meta));
    }

    [Fact]
    public void A_finished_target_starts_no_attempt_when_its_task_is_delivered_again()
    {
        var state = Given(Started, new PropagationEvent.AttemptStarted("sendgrid", 1, Meta("a1")), new PropagationEvent.TargetSucceeded("sendgrid", 1, null, Meta("s1")));

        Assert.Empty(PropagationDecider.StartAttempt(state, "sendgrid", Meta));
        Assert.Empty(PropagationDecider.StartAttempt(state, "unknown-target", Meta));
    }

    [Fact]
    public void A_transient_failure_is_retried_after_the_providers_delay_or_a_backoff()
    {
        var state = Given(Started, new PropagationEvent.AttemptStarted("sms", 1, Meta("a1")));

        var named = PropagationDecider.Finish(state, "sms", 1, new AttemptOutcome.Retry("429", TimeSpan.FromSeconds(30)), Policy, T0, 0.5, Meta);
        var backoff = PropagationDecider.Finish(state, "sms", 1, new AttemptOutcome.Retry("503", null), Policy, T0, 0.5, Meta);

        Assert.Equal(T0.AddSeconds(30), Assert.IsType<PropagationEvent.AttemptFailed>(Assert.Single(named)).RetryAt);
        Assert.Equal(T0.AddSeconds(1.5), Assert.IsType<PropagationEvent.AttemptFailed>(Assert.Single(backoff)).RetryAt);
    }

    [Theory]
    [InlineData(1, 0.0, 1.0)]
    [InlineData(1, 0.999, 2.0)]
    [InlineData(3, 0.0, 4.0)]
    [InlineData(10, 0.0, 30.0)]
    public void Backoff_doubles_with_full_jitter_in_the_upper_half_and_stops_at_the_maximum(int attempt, double jitter, double atLeastSeconds)
    {
        var delay = Policy.DelayAfter(attempt, jitter);

        Assert.InRange(delay.TotalSeconds, atLeastSeconds - 0.01, Math.Min(2 * Math.Pow(2, attempt - 1), 60) + 0.01);
    }

    [Fact]
    public void The_last_allowed_failure_dead_letters_and_a_refusal_dead_letters_at_once()
    {
        var state = Given(Started, new PropagationEvent.AttemptStarted("sendgrid", 3, Meta("a3")));

        Assert.IsType<PropagationEvent.DeadLettered>(PropagationDecider.Finish(state, "sendgrid", 3, new AttemptOutcome.Retry("503", null), Policy, T0, 0, Meta)[0]);
        Assert.IsType<PropagationEvent.DeadLettered>(PropagationDecider.Finish(state, "sendgrid", 1, new AttemptOutcome.Refused("400"), Policy, T0, 0, Meta)[0]);
    }

    [Fact]
    public void The_propagation_completes_when_its_last_open_target_finishes()
    {
        var state = Given(Started, new PropagationEvent.TargetSucceeded("sms", 1, null, Meta("s")), new PropagationEvent.AttemptStarted("sendgrid", 1, Meta("a1")));

        var events = PropagationDecider.Finish(state, "sendgrid", 1, new AttemptOutcome.Delivered("ref"), Policy, T0, 0, Meta);

        Assert.Equal([new PropagationEvent.TargetSucceeded("sendgrid", 1, "ref", Meta("succeeded:sendgrid:1")), new PropagationEvent.Completed(Meta("completed"))], events);
        Assert.True(events.Aggregate(state, PropagationState.Evolve).Completed);
    }
}
