using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Domain.Tests.Propagation;

public sealed class PropagationProjectionSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static EventMeta Meta(string id) => new(id, id, T0);
    private static readonly PropagationEvent.Started Started =
        new("subject-s1", 2, "e-1", "objection.recorded/v1", "s1", new[] { "webhook:crm", "sendgrid" }, Meta("start"));

    public static TheoryData<PropagationEvent[]> Histories => new()
    {
        { [Started] },
        { [Started, new PropagationEvent.AttemptStarted("sendgrid", 1, Meta("a1")), new PropagationEvent.AttemptFailed("sendgrid", 1, "503", T0.AddSeconds(4), Meta("f1"))] },
        {
            [Started, new PropagationEvent.AttemptStarted("sendgrid", 1, Meta("a1")), new PropagationEvent.TargetSucceeded("sendgrid", 1, "sg-1", Meta("s1")),
             new PropagationEvent.AttemptStarted("webhook:crm", 1, Meta("a2")), new PropagationEvent.DeadLettered("webhook:crm", 1, "410 gone", Meta("d2")),
             new PropagationEvent.Completed(Meta("c"))]
        },
        { [Started, new PropagationEvent.DeadLettered("change", 0, "unreadable", Meta("d")), new PropagationEvent.Completed(Meta("c"))] },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void The_inline_view_of_a_decided_state_is_the_fold_of_the_projection(PropagationEvent[] history)
    {
        var folded = history.Aggregate((PropagationStatus?)null, (view, e) => PropagationProjection.Evolve(view, e));

        Assert.Equal(folded, PropagationProjection.Of(history.Aggregate(PropagationState.Initial, PropagationState.Evolve)));
    }

    [Fact]
    public void A_dead_lettered_target_keeps_its_error_and_the_view_covers_only_propagation_streams()
    {
        var view = new PropagationEvent[] { Started, new PropagationEvent.AttemptStarted("webhook:crm", 1, Meta("a")), new PropagationEvent.DeadLettered("webhook:crm", 1, "410 gone", Meta("d")) }
            .Aggregate((PropagationStatus?)null, (v, e) => PropagationProjection.Evolve(v, e))!;

        Assert.Equal(["sendgrid", "webhook:crm"], view.Targets.Select(t => t.Name));
        Assert.Equal(new TargetState("dead-lettered", 1, "410 gone", null, T0), view.Targets[1].State);
        Assert.True(PropagationProjection.Declaration.Covers(new StreamId("t", "propagation-e-1")));
        Assert.False(PropagationProjection.Declaration.Covers(new StreamId("t", "subject-s1")));
        Assert.Null(PropagationProjection.Of(PropagationState.Initial));
    }
}
