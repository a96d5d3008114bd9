using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Requests;

namespace ConsentHub.Domain.Tests.Requests;

public sealed class DsrSpecs
{
    private static EventMeta Meta(string id) => new(id, id, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    private static RequestState Given(params RequestEvent[] history) => history.Aggregate(RequestState.Initial, DsrDecider.Evolve);

    private static readonly Sealed Verified = new("c2VhbGVkLWlkZW50aXR5");

    [Theory]
    [InlineData("2026-01-15T08:00:00Z", "2026-02-15")]
    [InlineData("2026-01-31T08:00:00Z", "2026-02-28")]   // a calendar month: the last day of a shorter month
    [InlineData("2028-01-31T08:00:00Z", "2028-02-29")]
    public void A_request_is_due_at_the_end_of_the_same_date_a_calendar_month_after_receipt(string received, string due)
    {
        var at = DateTimeOffset.Parse(received, System.Globalization.CultureInfo.InvariantCulture);

        var (_, events) = DsrDecider.Decide(new RequestCommand.Receive("s1", "access", at, Verified, Meta("r")), RequestState.Initial);

        var dueAt = Assert.IsType<RequestEvent.Received>(Assert.Single(events)).DueAt;
        Assert.Equal(RequestDeadline.EndOf(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture)), dueAt);
    }

    [Fact]
    public void A_request_without_a_verified_identity_or_with_an_unknown_channel_or_language_is_refused()
    {
        var at = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

        Assert.IsType<RequestOutcome.Refused>(DsrDecider.Decide(new RequestCommand.Receive("s1", "access", at, null, Meta("r")), RequestState.Initial).Item1);
        Assert.IsType<RequestOutcome.Refused>(DsrDecider.Decide(new RequestCommand.Receive("s1", "access", at, Verified, Meta("r"), "carrier-pigeon"), RequestState.Initial).Item1);
        Assert.IsType<RequestOutcome.Refused>(DsrDecider.Decide(new RequestCommand.Receive("s1", "access", at, Verified, Meta("r"), "letter", "de"), RequestState.Initial).Item1);
        Assert.IsType<RequestOutcome.Refused>(DsrDecider.Decide(new RequestCommand.Receive("s1", "gossip", at, Verified, Meta("r")), RequestState.Initial).Item1);
        Assert.IsType<RequestOutcome.Done>(DsrDecider.Decide(new RequestCommand.Receive("s1", "access", at, Verified, Meta("r"), RequestChannels.PreferenceCenter, "sv"), RequestState.Initial).Item1);
    }

    [Fact]
    public void Attachments_are_recorded_on_an_existing_request_even_after_it_closed_up_to_a_bound()
    {
        var at = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
        var received = new RequestEvent.Received("s1", "erasure", at, RequestDeadline.DueAt(at), Verified, Meta("r"));
        var attach = new RequestCommand.Attach("a1", "application/pdf", 1234, new string('0', 64), Meta("a"));

        Assert.IsType<RequestOutcome.NotFound>(DsrDecider.Decide(attach, RequestState.Initial).Item1);
        var (_, added) = DsrDecider.Decide(attach, Given(received, new RequestEvent.Completed(Meta("c"))));
        Assert.Equal(new RequestEvent.AttachmentAdded("a1", "application/pdf", 1234, new string('0', 64), Meta("a")), Assert.Single(added));
        var full = Given([received, .. Enumerable.Range(0, RequestState.MaxAttachments).Select(i => new RequestEvent.AttachmentAdded($"a{i}", "image/png", 1, "00", Meta($"a{i}")))]);
        Assert.IsType<RequestOutcome.Refused>(DsrDecider.Decide(attach with { Meta = Meta("more") }, full).Item1);
    }

    [Fact]
    public void A_deadline_is_extended_by_two_months_once_and_a_closed_request_changes_no_more()
    {
        var at = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
        var received = new RequestEvent.Received("s1", "erasure", at, RequestDeadline.DueAt(at), Verified, Meta("r"));
        var reason = new Sealed("c2VhbGVk");

        var (_, extended) = DsrDecider.Decide(new RequestCommand.Extend(reason, Meta("x")), Given(received));
        Assert.Equal(RequestDeadline.EndOf(new DateOnly(2026, 4, 10)), Assert.IsType<RequestEvent.Extended>(Assert.Single(extended)).DueAt);
        Assert.IsType<RequestOutcome.Refused>(DsrDecider.Decide(new RequestCommand.Extend(reason, Meta("x2")), Given(received, extended[0])).Item1);
        Assert.IsType<RequestOutcome.Refused>(DsrDecider.Decide(new RequestCommand.Reject(reason, Meta("j")), Given(received, new RequestEvent.Completed(Meta("c")))).Item1);
        Assert.IsType<RequestOutcome.NotFound>(DsrDecider.Decide(new RequestCommand.Complete(Meta("c")), RequestState.Initial).Item1);
    }
}
