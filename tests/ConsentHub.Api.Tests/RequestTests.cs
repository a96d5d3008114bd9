using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class RequestTests() : HubTest("dsr")
{
    [Fact]
    public async Task A_request_is_due_a_calendar_month_after_receipt_and_can_be_extended_once_with_a_reason()
    {
        using var received = await Client.PostJsonAsync("/api/v1/dsr/requests",
            new { subjectId = "s1", type = "access", receivedAt = "2026-01-31T10:00:00Z", identityVerifiedBy = "tunnistettu pankkitunnuksilla" });
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var body = await received.JsonAsync();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.Zero), body.GetProperty("dueAt").GetDateTimeOffset());

        await (await Client.PostJsonAsync($"/api/v1/dsr/requests/{id}/extend", new { })).AssertProblemAsync(400);
        using var extended = await Client.PostJsonAsync($"/api/v1/dsr/requests/{id}/extend", new { reason = "Laaja pyyntö: tiedot kolmesta järjestelmästä" });
        Assert.Equal(new DateTimeOffset(2026, 4, 28, 10, 0, 0, TimeSpan.Zero), (await extended.JsonAsync()).GetProperty("dueAt").GetDateTimeOffset());
        await (await Client.PostJsonAsync($"/api/v1/dsr/requests/{id}/extend", new { reason = "again" })).AssertProblemAsync(409);

        var open = await Client.GetJsonAsync("/api/v1/dsr/requests?status=open&dueBefore=2026-05-01T00:00:00Z");
        Assert.Contains(open.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        using var completed = await Client.PostAsync($"/api/v1/dsr/requests/{id}/complete", null);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal("completed", (await Client.GetJsonAsync($"/api/v1/dsr/requests/{id}")).GetProperty("status").GetString());
        await (await Client.PostJsonAsync($"/api/v1/dsr/requests/{id}/reject", new { reason = "late" })).AssertProblemAsync(409);
    }

    [Fact]
    public async Task A_retried_request_with_the_same_key_is_the_same_request()
    {
        var body = new { subjectId = "s2", type = "erasure" };
        using var first = await Client.PostJsonAsync("/api/v1/dsr/requests", body, idempotencyKey: "dsr-1");
        using var again = await Client.PostJsonAsync("/api/v1/dsr/requests", body, idempotencyKey: "dsr-1");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Single((await Client.GetJsonAsync("/api/v1/dsr/requests?subjectId=s2")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"subjectId":"s3","type":"gossip"}""", "type")]
    [InlineData("""{"subjectId":"s3","type":"access","receivedAt":"2999-01-01T00:00:00Z"}""", "receivedAt")]
    [InlineData("""{"subjectId":"s3","type":"access","identityVerifiedBy":"hetu 131052-308T"}""", "identityVerifiedBy")]
    public async Task Bad_requests_are_400_naming_the_field(string json, string field)
    {
        var problem = await (await Client.PostAsync("/api/v1/dsr/requests", Http.JsonBody(json))).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_request_is_404() =>
        await (await Client.PostJsonAsync("/api/v1/dsr/requests/nope/complete", new { })).AssertProblemAsync(404);
}
