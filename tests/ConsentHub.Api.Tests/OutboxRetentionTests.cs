using System.Text.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// The outbox (self-hosted server without provider credentials) keeps addresses in clear: its lines go after the
/// tenant's `outbox` period (default P30D), newer ones and other tenants' within their own period stay.
public sealed class OutboxRetentionTests
{
    [Fact]
    public async Task Outbox_lines_older_than_the_period_are_removed_and_newer_ones_kept()
    {
        var clock = new TestClock();
        await using var hub = await TestHub.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        (await hub.CreateTenantAsync("mail30")).Dispose();
        (await hub.CreateTenantAsync(new
        {
            id = "mail90", name = "Pitkä Oy", languages = new[] { "fi" }, defaultLanguage = "fi",
            purposes = new object[] { new { id = "direct-marketing", legalBasis = "legitimate-interest", channels = new[] { "email" } } },
            retention = new { outbox = "P90D" },
        })).Dispose();
        var now = clock.GetUtcNow();
        var folder = Path.Combine(hub.DataDir, "outbox");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "email.jsonl"),
        [
            Line(now.AddDays(-31), "mail30", "vanha@example.fi"),
            Line(now.AddDays(-29), "mail30", "uusi@example.fi"),
            Line(now.AddDays(-31), "mail90", "pitka@example.fi"),
        ]);
        File.WriteAllLines(Path.Combine(folder, "sms.jsonl"), [Line(now.AddDays(-40), "mail30", "+358401234567")]);

        using var op = hub.Operator();
        var run = await (await op.PostAsync("/api/v1/admin/jobs/retention", null)).JsonAsync();

        Assert.Equal(2, run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "outbox").GetProperty("pruned").GetInt32());
        var email = File.ReadAllText(Path.Combine(folder, "email.jsonl"));
        Assert.DoesNotContain("vanha@example.fi", email, StringComparison.Ordinal);
        Assert.Contains("uusi@example.fi", email, StringComparison.Ordinal);
        Assert.Contains("pitka@example.fi", email, StringComparison.Ordinal);
        Assert.Empty(File.ReadAllText(Path.Combine(folder, "sms.jsonl")));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    private static string Line(DateTimeOffset at, string tenant, string to) =>
        JsonSerializer.Serialize(new { at, tenant, to, subject = "Hei", text = "Viesti " + to, kind = "test" });
}
