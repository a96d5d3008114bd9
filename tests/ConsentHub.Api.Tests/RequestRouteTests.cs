using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Requests;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqliteRequestRouteTests() : RequestRouteTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.C)]
public sealed class CosmosRequestRouteTests(CosmosServer server) : RequestRouteTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.A)]
public sealed class CosmosServerRequestRouteTests(CosmosServer server) : RequestRouteTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// The data subject request routes, the same cases on every store (the deadline job is RequestDeadlineJobTests').
public abstract class RequestRouteTests() : StoreHubTest("dsr")
{
    [Fact]
    public async Task A_request_is_due_a_calendar_month_after_receipt_and_can_be_extended_once_with_a_reason()
    {
        using var received = await Client.PostJsonAsync("/api/v1/dsr/requests",
            new { subjectId = "s1", type = "access", receivedAt = "2026-01-31T10:00:00Z", identityVerifiedBy = "tunnistettu pankkitunnuksilla" });
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var body = await received.JsonAsync();
        var id = body.GetProperty("id").GetString()!;
        // Due at the end of 28 February in Helsinki (UTC+2).
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 21, 59, 59, TimeSpan.Zero), body.GetProperty("dueAt").GetDateTimeOffset());

        await (await Client.PostJsonAsync($"/api/v1/dsr/requests/{id}/extend", new { })).AssertProblemAsync(400);
        using var extended = await Client.PostJsonAsync($"/api/v1/dsr/requests/{id}/extend", new { reason = "Laaja pyyntö: tiedot kolmesta järjestelmästä" });
        Assert.Equal(new DateTimeOffset(2026, 4, 28, 20, 59, 59, TimeSpan.Zero), (await extended.JsonAsync()).GetProperty("dueAt").GetDateTimeOffset());   // summer time: UTC+3
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
        var body = new { subjectId = "s2", type = "erasure", identityVerifiedBy = "allekirjoitettu kirje" };
        using var first = await Client.PostJsonAsync("/api/v1/dsr/requests", body, idempotencyKey: "dsr-1");
        using var again = await Client.PostJsonAsync("/api/v1/dsr/requests", body, idempotencyKey: "dsr-1");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Single((await Client.GetJsonAsync("/api/v1/dsr/requests?subjectId=s2")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"subjectId":"s3","type":"gossip","identityVerifiedBy":"kirje"}""", "type")]
    [InlineData("""{"subjectId":"s3","type":"access","receivedAt":"2999-01-01T00:00:00Z","identityVerifiedBy":"kirje"}""", "receivedAt")]
    [InlineData("""{"subjectId":"s3","type":"access","identityVerifiedBy":"hetu 131052-308T"}""", "identityVerifiedBy")]
    public async Task Bad_requests_are_400_naming_the_field(string json, string field)
    {
        var problem = await (await Client.PostAsync("/api/v1/dsr/requests", Http.JsonBody(json))).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_request_is_404() =>
        await (await Client.PostJsonAsync("/api/v1/dsr/requests/nope/complete", new { })).AssertProblemAsync(404);

    [Fact]
    public async Task A_request_answers_right_after_it_is_recorded()
    {
        using var received = await Client.PostJsonAsync("/api/v1/dsr/requests", new { subjectId = "now-1", type = "portability", receivedAt = "2026-03-02T08:00:00Z", identityVerifiedBy = "allekirjoitettu kirje" });
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var id = (await received.JsonAsync()).GetProperty("id").GetString()!;

        var request = await Client.GetJsonAsync($"/api/v1/dsr/requests/{id}");
        Assert.Equal((id, "now-1", "portability", "open", false), (request.GetProperty("id").GetString(), request.GetProperty("subjectId").GetString(),
            request.GetProperty("type").GetString(), request.GetProperty("status").GetString(), request.GetProperty("extended").GetBoolean()));
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 20, 59, 59, TimeSpan.Zero), request.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), request.GetProperty("receivedAt").GetDateTimeOffset());
        await (await Client.GetAsync("/api/v1/dsr/requests/nobody-asked")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_list_filters_by_status_and_due_date_and_reflects_each_change_at_once()
    {
        var early = await ReceiveAsync("list-1", "2026-01-05T00:00:00Z");
        var late = await ReceiveAsync("list-1", "2026-02-05T00:00:00Z");
        var rejected = await ReceiveAsync("list-1", "2026-01-10T00:00:00Z");
        (await Client.PostJsonAsync($"/api/v1/dsr/requests/{rejected}/reject", new { reason = "Henkilöllisyys ei varmistunut" })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync($"/api/v1/dsr/requests/{late}/extend", new { reason = "Laaja pyyntö" })).EnsureSuccessStatusCode();

        Assert.Equal([early, late], await IdsAsync("?subjectId=list-1&status=open"));
        Assert.Equal([rejected], await IdsAsync("?subjectId=list-1&status=rejected"));
        Assert.Equal([early, rejected], await IdsAsync("?subjectId=list-1&dueBefore=2026-03-01T00:00:00Z"));
        Assert.True((await Client.GetJsonAsync($"/api/v1/dsr/requests/{late}")).GetProperty("extended").GetBoolean());

        (await Client.PostAsync($"/api/v1/dsr/requests/{early}/complete", null)).EnsureSuccessStatusCode();
        Assert.Equal([late], await IdsAsync("?subjectId=list-1&status=open"));
        Assert.Equal([early, rejected, late], await IdsAsync("?subjectId=list-1"));
        await (await Client.GetAsync("/api/v1/dsr/requests?status=pending")).AssertProblemAsync(400);
    }

    [Fact]
    public async Task A_request_appended_without_its_view_is_repaired_from_the_feed()
    {
        // As after a crash between the append and the view write: the events are stored, the view was never written.
        var stream = new StreamId("dsr", "request-crashed1");
        var runner = new DeciderRunner<RequestEvent, RequestState>(Hub.Services.GetRequiredService<IEventStore>(), RequestState.Initial, DsrDecider.Evolve);
        var at = new DateTimeOffset(2026, 1, 20, 12, 0, 0, TimeSpan.Zero);
        await runner.TransactAsync(stream, s => DsrDecider.Decide(new RequestCommand.Receive("crash-1", "erasure", at, new Sealed("c2VhbGVk"), new EventMeta("crash-r1", "h1", at)), s), e => e.Meta, default);
        // No 404 is asserted here: the runner wrote no view, and SQLite's feed may repair it before a read could look.
        await DeliverAsync(stream);

        var repaired = await Eventually.HoldsAsync(() => Client.GetAsync("/api/v1/dsr/requests/crashed1"), r => r.StatusCode == HttpStatusCode.OK, what: "the repaired view");
        var request = await repaired.JsonAsync();
        Assert.Equal(("crash-1", "erasure", "open"), (request.GetProperty("subjectId").GetString(), request.GetProperty("type").GetString(), request.GetProperty("status").GetString()));
    }

    private async Task<string> ReceiveAsync(string subjectId, string? receivedAt)
    {
        using var response = await Client.PostJsonAsync("/api/v1/dsr/requests", receivedAt is null ? (object)new { subjectId, type = "access", identityVerifiedBy = "allekirjoitettu kirje" } : new { subjectId, type = "access", receivedAt, identityVerifiedBy = "allekirjoitettu kirje" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    private async Task<List<string>> IdsAsync(string query) =>
        [.. (await Client.GetJsonAsync("/api/v1/dsr/requests" + query)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
}
