namespace ConsentHub.Domain.Requests;

/// GDPR art. 12(3): a request is answered "within one month of receipt", and that period "may be extended by two
/// further months". Periods are counted as Regulation (EEC, Euratom) No 1182/71 counts periods in months: the period
/// ends at the end of the day of the last month that has the same date as the day it runs from, or, where that
/// month has no such date, at the end of its last day (31 January → 28 February, or 29 in a leap year; 31 March →
/// 30 April). Weekends and public holidays do not move the deadline: the hub shows the earliest day it may fall on.
///
/// A deadline is a date where the controller is: the hub's tenants are Finnish controllers, so receipt and due date
/// are dates in Europe/Helsinki (a request received at 23:30 UTC on 31 January arrived on 1 February in Helsinki and
/// is due 1 March), and `dueAt` is the last second of the due date there.
///
/// The extension counts from the original due date, not from receipt: the two months are "further" months, a period
/// that starts when the first one ends (as the EDPB's guidelines on the right of access read it). A request received
/// 30 November is due 30 December and, extended, 28 February (29 in a leap year); one received 31 January is due
/// 28 February and, extended, 28 April (counted from receipt it would be 30 April: a later date the regulation does
/// not give).
public static class RequestDeadline
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    /// The day a moment falls on in Helsinki.
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// The deadline of a request received at `receivedAt`: the end of the same date one month on (clamped to the month's end).
    public static DateTimeOffset DueAt(DateTimeOffset receivedAt) => EndOf(DayOf(receivedAt).AddMonths(1));

    /// The extended deadline: two months after the original due date (clamped to the month's end).
    public static DateTimeOffset ExtendedDueAt(DateTimeOffset originalDueAt) => EndOf(DayOf(originalDueAt).AddMonths(2));

    /// The last second of a day in Helsinki, in UTC. (23:59:59 is never skipped or repeated there: the clocks change at 03:00/04:00.)
    public static DateTimeOffset EndOf(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(23, 59, 59));
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
