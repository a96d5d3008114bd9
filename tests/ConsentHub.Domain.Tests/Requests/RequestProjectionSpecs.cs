using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Requests;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Domain.Tests.Requests;

public sealed class RequestProjectionSpecs
{
    private static readonly DateTimeOffset At = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private static EventMeta Meta(string id) => new(id, id, At);
    private static readonly RequestEvent.Received Received = new("s1", "erasure", At, At.AddMonths(1), null, Meta("r"));
    private static readonly Sealed Reason = new("c2VhbGVk");

    public static TheoryData<RequestEvent[]> Histories => new()
    {
        { [Received] },
        { [Received, new RequestEvent.Extended(Reason, At.AddMonths(3), Meta("x"))] },
        { [Received, new RequestEvent.Extended(Reason, At.AddMonths(3), Meta("x")), new RequestEvent.Completed(Meta("c"))] },
        { [Received, new RequestEvent.Rejected(Reason, Meta("j"))] },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void The_inline_view_of_a_decided_state_is_the_fold_of_the_projection(RequestEvent[] history)
    {
        var folded = history.Aggregate((RequestSummary?)null, (view, e) => RequestProjection.Evolve(view, e));

        Assert.Equal(folded, RequestProjection.Of(history.Aggregate(RequestState.Initial, DsrDecider.Evolve)));
    }

    [Fact]
    public void Only_open_requests_are_in_the_due_index()
    {
        var declaration = RequestProjection.Declaration;
        var open = RequestProjection.Evolve(null, Received);

        Assert.Equal(At.AddMonths(1), declaration.Due(open));
        Assert.Null(declaration.Due(RequestProjection.Evolve(open, new RequestEvent.Completed(Meta("c")))));
        Assert.True(declaration.Covers(new StreamId("t", "request-abc")));
        Assert.False(declaration.Covers(new StreamId("t", "requests")));
        Assert.Null(RequestProjection.Of(RequestState.Initial));
    }
}
