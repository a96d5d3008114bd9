using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;

namespace ConsentHub.Domain.Retention;

/// A tenant's retention periods with the documented defaults filled in (README "Retention", OpenAPI tenant schema).
public sealed record RetentionPeriods(Period Evidence, Period AnonymousBannerReceipts, Period ClosedAccountContactPoints, Period InactiveContacts, Period Outbox)
{
    /// The defaults: what the privacy notices the hub serves promise most often (IP addresses 45 days, all data 45 days
    /// after an account is closed, contacts 18 months after the last case) and a cookie choice asked again after 13 months.
    public static readonly RetentionPeriods Defaults = new(new(0, 0, 45), new(0, 13, 0), new(0, 0, 45), new(0, 18, 0), new(0, 0, 30));

    /// A period must be at least one day (a shorter one would shred evidence still being written) and at most ten years.
    public static readonly Period Shortest = new(0, 0, 1);
    public static readonly Period Longest = new(10, 0, 0);

    /// The tenant's periods; a member that does not parse keeps its default (validation refuses it at the door).
    public static RetentionPeriods Of(TenantDefinition definition)
    {
        var r = definition.Retention;
        return new(Period.Parse(r?.Evidence) ?? Defaults.Evidence,
            Period.Parse(r?.AnonymousBannerReceipts) ?? Defaults.AnonymousBannerReceipts,
            Period.Parse(r?.ClosedAccountContactPoints) ?? Defaults.ClosedAccountContactPoints,
            Period.Parse(r?.InactiveContacts) ?? Defaults.InactiveContacts,
            Period.Parse(r?.Outbox) ?? Defaults.Outbox);
    }

    public static void Validate(RetentionSettings? settings, Errors errors)
    {
        if (settings is null) return;
        Check("retention.evidence", settings.Evidence, errors);
        Check("retention.anonymousBannerReceipts", settings.AnonymousBannerReceipts, errors);
        Check("retention.closedAccountContactPoints", settings.ClosedAccountContactPoints, errors);
        Check("retention.inactiveContacts", settings.InactiveContacts, errors);
        Check("retention.outbox", settings.Outbox, errors);
    }

    private static void Check(string field, string? text, Errors errors)
    {
        if (text is null) return;
        if (Period.Parse(text) is not { } period)
        {
            errors.Add(field, "must be an ISO 8601 duration of years, months, weeks or days, e.g. P45D, P13M, P1Y6M");
            return;
        }
        if (period.Years > 10 || period.Months > 120 || period.Days > 3660)
        {
            errors.Add(field, "must be at most P10Y");
            return;
        }
        // Compared on one fixed calendar date: a month is a calendar month wherever it starts, so any date gives the same bounds.
        var at = new DateTimeOffset(2000, 3, 1, 0, 0, 0, TimeSpan.Zero);
        if (period.Before(at) > Shortest.Before(at)) errors.Add(field, "must be at least P1D");
        if (period.Before(at) < Longest.Before(at)) errors.Add(field, "must be at most P10Y");
    }
}
