using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests.Azure;

public sealed class TimerInvocationTests
{
    /// A timer invocation as the host posts it.
    private const string Timer = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-05-03T02:15:00Z","Next":"2026-05-04T02:15:00Z","LastUpdated":"2026-05-03T02:15:00Z"},"IsPastDue":true}},
         "Metadata":{"sys":{"MethodName":"Retention","UtcNow":"2026-05-04T02:15:00.0042Z","RandGuid":"35e6e68c-5583-436c-a277-5aec2b416ba8"}}}
        """;

    [Fact]
    public async Task The_retention_run_says_what_it_pruned_and_why()
    {
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost());
        var body = await InvokeAsync(hub, "/Retention");
        var logs = body.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains(logs, l => l.Contains("nothing to prune", StringComparison.Ordinal) && l.Contains("past due", StringComparison.Ordinal));
        Assert.Equal(0, body.GetProperty("ReturnValue").GetProperty("pruned").GetInt32());
    }

    [Fact]
    public async Task The_deadline_run_names_the_open_requests_past_their_deadline()
    {
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost());
        using var tenant = await hub.CreateTenantAsync("deadlines");
        var received = DateTimeOffset.UtcNow.AddMonths(-2).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        (await tenant.Client.PostJsonAsync("/api/v1/deadlines/requests", new { subjectId = "late", type = "access", receivedAt = received })).EnsureSuccessStatusCode();
        (await tenant.Client.PostJsonAsync("/api/v1/deadlines/requests", new { subjectId = "fresh", type = "access" })).EnsureSuccessStatusCode();

        var body = await InvokeAsync(hub, "/RequestDeadlines");

        Assert.Equal(1, body.GetProperty("ReturnValue").GetProperty("overdue").GetInt32());
        Assert.Contains(body.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.StartsWith("deadlines: request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invocation_without_Data_fails()
    {
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost());
        using var response = await hub.HostClient().PostAsync("/Retention", Http.JsonBody("""{"Metadata":{}}"""));
        await response.AssertProblemAsync(400);
    }

    private static async Task<JsonElement> InvokeAsync(TestHub hub, string route)
    {
        using var response = await hub.HostClient().PostAsync(route, Http.JsonBody(Timer));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
