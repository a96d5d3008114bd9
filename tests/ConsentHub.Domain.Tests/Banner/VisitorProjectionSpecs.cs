using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;

namespace ConsentHub.Domain.Tests.Banner;

public sealed class VisitorProjectionSpecs
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static EventMeta Meta(string id) => new(id, id, At);
    private static VisitorEvent.CookiesRecorded Choice(string id, bool marketing) => new(
        new EquatableArray<CookieChoice>([new("analytics", true), new("marketing", marketing)]), "2026-01-01", "fi", "save", false,
        Evidence.None, Meta(id));

    public static TheoryData<VisitorEvent[]> Histories => new()
    {
        { [Choice("c1", true)] },
        { [Choice("c1", true), new VisitorEvent.Linked("s1", Meta("l"))] },
        { [new VisitorEvent.Linked("s1", Meta("l")), Choice("c1", true), Choice("c2", false)] },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void The_inline_view_of_a_decided_state_is_the_fold_of_the_projection(VisitorEvent[] history)
    {
        var folded = history.Aggregate((VisitorBanner?)null, (view, e) => VisitorProjection.Evolve(view, e));

        Assert.Equal(folded, VisitorProjection.Of(history.Aggregate(VisitorState.Initial, VisitorDecider.Evolve)));
    }

    [Fact]
    public void The_view_keeps_the_latest_choice_and_no_evidence()
    {
        var view = VisitorProjection.Evolve(VisitorProjection.Evolve(null, Choice("c1", true)), Choice("c2", false));

        Assert.Equal(new VisitorChoice(new([new("analytics", true), new("marketing", false)]), "2026-01-01", false, At, "c2"), view.Choice);
        Assert.Null(VisitorProjection.Of(VisitorState.Initial));
    }
}
