using System.Globalization;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Requests;

namespace ConsentHub.Domain.Tests.Requests;

/// GDPR art. 12(3) deadlines as dates in Europe/Helsinki: one calendar month after receipt, clamped to the month's
/// end, and two further months from the original due date when extended.
public sealed class RequestDeadlineSpecs
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static DateOnly Day(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-01-15T08:00:00Z", "2026-02-15")]
    [InlineData("2026-01-31T08:00:00Z", "2026-02-28")]   // no 31 February: the month's last day
    [InlineData("2028-01-31T08:00:00Z", "2028-02-29")]   // leap year
    [InlineData("2026-01-29T08:00:00Z", "2026-02-28")]
    [InlineData("2028-01-29T08:00:00Z", "2028-02-29")]
    [InlineData("2026-03-31T08:00:00Z", "2026-04-30")]
    [InlineData("2026-05-31T08:00:00Z", "2026-06-30")]
    [InlineData("2026-08-31T08:00:00Z", "2026-09-30")]
    [InlineData("2026-12-31T08:00:00Z", "2027-01-31")]   // across the year
    [InlineData("2026-11-30T08:00:00Z", "2026-12-30")]
    [InlineData("2028-02-29T08:00:00Z", "2028-03-29")]
    public void A_request_is_due_the_same_date_next_month_or_that_months_last_day(string received, string due) =>
        Assert.Equal(Day(due), RequestDeadline.DayOf(RequestDeadline.DueAt(At(received))));

    [Theory]
    [InlineData("2026-01-31T23:30:00Z", "2026-03-01")]   // 1 February 01:30 in Helsinki
    [InlineData("2026-01-31T21:59:59Z", "2026-02-28")]   // still 31 January 23:59:59 there
    [InlineData("2026-03-31T21:30:00Z", "2026-05-01")]   // summer time: already 1 April 00:30 in Helsinki
    [InlineData("2026-12-31T22:15:00Z", "2027-02-01")]   // New Year's Day in Helsinki
    public void The_day_of_receipt_is_the_day_in_Helsinki(string received, string due) =>
        Assert.Equal(Day(due), RequestDeadline.DayOf(RequestDeadline.DueAt(At(received))));

    [Theory]
    [InlineData("2026-02-28", "2026-02-28T21:59:59Z")]   // winter time, UTC+2
    [InlineData("2026-04-30", "2026-04-30T20:59:59Z")]   // summer time, UTC+3
    [InlineData("2026-03-29", "2026-03-29T20:59:59Z")]   // the day the clocks go forward
    [InlineData("2026-10-25", "2026-10-25T21:59:59Z")]   // the day they go back
    public void The_deadline_is_the_last_second_of_the_due_date_in_Helsinki(string day, string utc) =>
        Assert.Equal(At(utc), RequestDeadline.EndOf(Day(day)));

    [Theory]
    [InlineData("2026-11-30T08:00:00Z", "2026-12-30", "2027-02-28")]   // 30 Dec + two further months: no 30 February
    [InlineData("2027-11-30T08:00:00Z", "2027-12-30", "2028-02-29")]   // leap year
    [InlineData("2026-01-31T08:00:00Z", "2026-02-28", "2026-04-28")]   // from the clamped due date, not receipt + 3 (30 April)
    [InlineData("2026-10-31T08:00:00Z", "2026-11-30", "2027-01-30")]
    [InlineData("2026-12-31T08:00:00Z", "2027-01-31", "2027-03-31")]
    [InlineData("2026-06-15T08:00:00Z", "2026-07-15", "2026-09-15")]
    public void An_extension_adds_two_further_months_to_the_original_due_date(string received, string due, string extended)
    {
        var dueAt = RequestDeadline.DueAt(At(received));
        Assert.Equal(Day(due), RequestDeadline.DayOf(dueAt));
        Assert.Equal(Day(extended), RequestDeadline.DayOf(RequestDeadline.ExtendedDueAt(dueAt)));
    }

    [Fact]
    public void The_decider_extends_from_the_original_due_date()
    {
        var meta = new EventMeta("r", "r", At("2026-12-01T00:00:00Z"));
        var received = At("2026-11-30T12:00:00Z");
        var state = DsrDecider.Evolve(RequestState.Initial, new RequestEvent.Received("s1", "access", received, RequestDeadline.DueAt(received), new Sealed("c2VhbGVk"), meta));

        var (_, events) = DsrDecider.Decide(new RequestCommand.Extend(new Sealed("c2VhbGVk"), meta with { RequestId = "x", RequestHash = "x" }), state);

        Assert.Equal(RequestDeadline.EndOf(new DateOnly(2027, 2, 28)), Assert.IsType<RequestEvent.Extended>(Assert.Single(events)).DueAt);
    }

    [Fact]
    public void A_deadline_stored_before_deadlines_were_dates_is_extended_from_its_date_in_Helsinki()
    {
        // Old events held receipt + one month at the same time of day.
        var old = At("2026-02-28T10:00:00Z");
        Assert.Equal(new DateOnly(2026, 4, 28), RequestDeadline.DayOf(RequestDeadline.ExtendedDueAt(old)));
    }
}
