using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Retention;

namespace ConsentHub.Domain.Tests;

/// ISO 8601 retention periods: years and months are calendar ones, and the defaults fill what a tenant leaves out.
public sealed class RetentionPeriodTests
{
    [Fact]
    public void Thirteen_months_are_calendar_months_not_390_days()
    {
        var now = new DateTimeOffset(2027, 3, 31, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 12, 0, 0, TimeSpan.Zero), Period.Parse("P13M")!.Value.Before(now));
        Assert.Equal(now.AddDays(-45), Period.Parse("P45D")!.Value.Before(now));
        Assert.Equal(now.AddDays(-14), Period.Parse("P2W")!.Value.Before(now));
        Assert.Equal(new DateTimeOffset(2025, 9, 30, 12, 0, 0, TimeSpan.Zero), Period.Parse("P1Y6M")!.Value.Before(now));
    }

    [Theory]
    [InlineData("P")]
    [InlineData("45D")]
    [InlineData("PT12H")]
    [InlineData("P1DT1H")]
    [InlineData("p45d")]
    [InlineData("P-1D")]
    [InlineData("P1.5M")]
    public void What_is_not_a_whole_day_duration_does_not_parse(string text) => Assert.Null(Period.Parse(text));

    [Fact]
    public void The_defaults_fill_what_the_tenant_leaves_out()
    {
        var periods = RetentionPeriods.Of(new TenantDefinition { Retention = new RetentionSettings { Evidence = "P7D" } });
        Assert.Equal(new Period(0, 0, 7), periods.Evidence);
        Assert.Equal(new Period(0, 13, 0), periods.AnonymousBannerReceipts);
        Assert.Equal(new Period(0, 0, 45), periods.ClosedAccountContactPoints);
        Assert.Equal(new Period(0, 18, 0), periods.InactiveContacts);
        Assert.Equal(new Period(0, 0, 30), periods.Outbox);
    }

    [Fact]
    public void Something_is_past_the_period_only_once_the_period_has_gone_by()
    {
        var at = new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero);
        var month = Period.Parse("P1M")!.Value;
        Assert.False(month.HasPassedSince(at, new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(month.HasPassedSince(at, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)));
    }
}
