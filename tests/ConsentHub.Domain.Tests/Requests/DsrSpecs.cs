using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Requests;

namespace ConsentHub.Domain.Tests.Requests;

public sealed class DsrSpecs
{
    private static EventMeta Meta(string id) => new(id, id, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    private static RequestState Given(params RequestEvent[] history) => history.Aggregate(RequestState.Initial, DsrDecider.Evolve);

    [Theory]
    [InlineData("2026-01-15T08:00:00Z", "2026-02-15T08:00:00Z")]
    [InlineData("2026-01-31T08:00:00Z", "2026-02-28T08:00:00Z")]   // a calendar month: the last day of a shorter month
    [InlineData("2028-01-31T08:00:00Z", "2028-02-29T08:00:00Z")]
    public void A_request_is_due_one_calendar_month_after_receipt(string received, string due)
    {
        var at = DateTimeOffset.Parse(received, System.Globalization.CultureInfo.InvariantCulture);

        var (_, events) = DsrDecider.Decide(new RequestCommand.Receive("s1", "access", at, null, Meta("r")), RequestState.Initial);

        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<RequestEvent.Received>(Assert.Single(events)).DueAt);
    }

    [Fact]
    public void A_deadline_is_extended_by_two_months_once_and_a_closed_request_changes_no_more()
    {
        var at = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
        var received = new RequestEvent.Received("s1", "erasure", at, at.AddMonths(1), null, Meta("r"));
        var reason = new Sealed("c2VhbGVk");

        var (_, extended) = DsrDecider.Decide(new RequestCommand.Extend(reason, Meta("x")), Given(received));
        Assert.Equal(at.AddMonths(3), Assert.IsType<RequestEvent.Extended>(Assert.Single(extended)).DueAt);
        Assert.IsType<RequestOutcome.Refused>(DsrDecider.Decide(new RequestCommand.Extend(reason, Meta("x2")), Given(received, extended[0])).Item1);
        Assert.IsType<RequestOutcome.Refused>(DsrDecider.Decide(new RequestCommand.Reject(reason, Meta("j")), Given(received, new RequestEvent.Completed(Meta("c")))).Item1);
        Assert.IsType<RequestOutcome.NotFound>(DsrDecider.Decide(new RequestCommand.Complete(Meta("c")), RequestState.Initial).Item1);
    }
}
