using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using static ConsentHub.Api.Tests.Kit.ImportKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteBulkImportTests() : BulkImportTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;
}

[Collection(CosmosCollection.A)]
public sealed class CosmosBulkImportTests(CosmosServer server) : BulkImportTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// The self-hosted server on Cosmos DB, reading the change feed itself.
[Collection(CosmosCollection.B)]
public sealed class CosmosServerBulkImportTests(CosmosServer server) : BulkImportTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// API.md "Bulk import" on every store: lines are written as their single routes would write them, a bad line is
/// reported by number while the rest is written, a repeat writes nothing twice, and the progress moves while the body streams.
public abstract class BulkImportTests() : StoreHubTest("tuonti")
{
    private const string T = "tuonti";

    [Fact]
    public async Task Bad_lines_are_reported_by_number_while_the_rest_is_written()
    {
        var body = Lines(
            new { type = "contact-points", subjectId = "crm-1", emails = new[] { "eka@example.fi" }, phones = new[] { "040 123 4567" }, source = "crm" },
            "{ not json",
            new { type = "objection", subjectId = "crm-1", scope = "junk-mail", channel = "email", source = "crm" },
            new { type = "objection", subjectId = "crm-1", scope = "direct-marketing", channel = "email", source = "crm", evidence = new { recordedBy = "crm-export" }, at = "2019-05-01T09:00:00Z" },
            new { type = "consent", subjectId = "crm-1", purpose = "market-research", channel = "email", source = "crm" },
            "",
            new { type = "newsletter", email = "lista@example.fi", newsletter = "weekly", subscribed = false, source = "crm" },
            new { type = "consent", subjectId = "crm-2", purpose = "market-research", channel = "email", granted = true, policyVersion = "2025-01-01", source = "crm" },
            new { type = "fax", subjectId = "crm-3" },
            new { type = "objection", scope = "direct-marketing" },
            new { type = "objection", phone = "+358 40 765 4321", scope = "direct-marketing", channel = "sms", source = "crm" });

        using var answer = await Client.ImportAsync(T, "crm-2026-11", body);
        var status = await answer.CompletedAsync(Client, T, "crm-2026-11");

        Assert.Equal(10, status.GetProperty("linesRead").GetInt64());          // the blank line 6 is no statement
        Assert.Equal(5, status.GetProperty("written").GetInt64());
        Assert.Equal(5, status.GetProperty("rejectedCount").GetInt64());
        var rejected = status.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt64(),
            r => r.GetProperty("errors").EnumerateObject().Select(e => e.Name).Single());
        Assert.Equal(new Dictionary<long, string> { [2] = "$", [3] = "scope", [5] = "granted", [9] = "type", [10] = "subjectId" }, rejected);

        var prefs = await Client.GetJsonAsync($"/api/v1/{T}/subjects/crm-1/preferences");
        var ban = Assert.Single(prefs.GetProperty("prohibitions").EnumerateArray());
        Assert.Equal(("direct-marketing", "email", "crm"), (ban.GetProperty("scope").GetString(), ban.GetProperty("channel").GetString(), ban.GetProperty("source").GetString()));
        Assert.Equal(new DateTimeOffset(2019, 5, 1, 9, 0, 0, TimeSpan.Zero), ban.GetProperty("since").GetDateTimeOffset());
        Assert.Equal("+358401234567", prefs.GetProperty("contactPoints").GetProperty("phones")[0].GetString());
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync(T, "direct-marketing", "email", "eka@example.fi"))[0]);
        Assert.Equal((true, "consented"), (await Client.CheckAsync(T, "market-research", "email", "subject:crm-2"))[0]);
        Assert.Equal((false, "unsubscribed"), (await Client.CheckAsync(T, "newsletter:weekly", "email", "lista@example.fi"))[0]);
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync(T, "direct-marketing", "sms", "+358407654321"))[0]);
    }

    [Fact]
    public async Task A_line_over_the_line_limit_is_rejected_by_number_and_the_next_lines_are_written()
    {
        var huge = new { type = "objection", subjectId = "long-2", scope = "direct-marketing", source = new string('x', 70_000) };
        using var answer = await Client.ImportAsync(T, "pitka", Lines(
            new { type = "objection", subjectId = "long-1", scope = "direct-marketing" }, huge,
            new { type = "objection", subjectId = "long-3", scope = "direct-marketing" }));
        var status = await answer.CompletedAsync(Client, T, "pitka");

        Assert.Equal((3, 2), (status.GetProperty("linesRead").GetInt64(), status.GetProperty("written").GetInt64()));
        Assert.Equal(2, Assert.Single(status.GetProperty("rejected").EnumerateArray()).GetProperty("line").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/{T}/subjects/long-2/history")).StatusCode);
        Assert.Single(await Client.HistoryAsync(T, "long-3"));
    }

    [Fact]
    public async Task A_repeated_import_writes_nothing_twice()
    {
        var body = Lines(
            new { type = "contact-points", subjectId = "rep-1", emails = new[] { "toisto@example.fi" }, source = "crm" },
            new { type = "objection", subjectId = "rep-1", scope = "direct-marketing", channel = "all", source = "crm" },
            new { type = "newsletter", subjectId = "rep-2", newsletter = "weekly", subscribed = true, source = "crm" },
            new { type = "objection", email = "osoite@example.fi", scope = "market-research", source = "crm" });
        using (var first = await Client.ImportAsync(T, "toisto", body))
            Assert.Equal(4, (await first.CompletedAsync(Client, T, "toisto")).GetProperty("written").GetInt64());
        var events = await Hub.EventCountAsync(T);
        var history = (await Client.HistoryAsync(T, "rep-1")).Count;

        using var again = await Client.ImportAsync(T, "toisto", body);
        var status = await again.CompletedAsync(Client, T, "toisto");

        Assert.Equal((4, 4, 0), (status.GetProperty("written").GetInt64(), status.GetProperty("replayed").GetInt64(), status.GetProperty("rejectedCount").GetInt64()));
        Assert.Equal(events, await Hub.EventCountAsync(T));
        Assert.Equal(history, (await Client.HistoryAsync(T, "rep-1")).Count);
    }

    [Fact]
    public async Task The_same_id_with_another_body_is_422_and_writes_nothing()
    {
        using (var first = await Client.ImportAsync(T, "kerran", Lines(new { type = "objection", subjectId = "once-1", scope = "direct-marketing" })))
            await first.CompletedAsync(Client, T, "kerran");
        var events = await Hub.EventCountAsync(T);

        using var other = await Client.ImportAsync(T, "kerran", Lines(new { type = "objection", subjectId = "once-2", scope = "direct-marketing" }));

        var problem = await other.AssertProblemAsync(422);
        Assert.EndsWith("idempotency-key-reused", problem.GetProperty("type").GetString());
        Assert.Equal(events, await Hub.EventCountAsync(T));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/{T}/subjects/once-2/history")).StatusCode);
    }

    [Fact]
    public async Task An_import_is_ndjson_under_an_idempotency_key_of_the_id_pattern()
    {
        var line = Lines(new { type = "objection", subjectId = "bad-1", scope = "direct-marketing" });
        var events = await Hub.EventCountAsync(T);

        await (await Client.ImportAsync(T, "json-body", line, "application/json")).AssertProblemAsync(415);
        var missing = await (await Client.ImportAsync(T, null, line)).AssertProblemAsync(400);
        Assert.True(missing.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        await (await Client.ImportAsync(T, "Not An Id!", line)).AssertProblemAsync(400);
        await (await Client.ImportAsync(T, "empty", "\n\n")).AssertProblemAsync(400);

        Assert.Equal(events, await Hub.EventCountAsync(T));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/{T}/subjects/bad-1/history")).StatusCode);
        await (await Client.GetAsync($"/api/v1/{T}/imports/json-body")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_line_for_an_erased_subject_is_rejected_and_records_nothing()
    {
        (await Client.PutAsync($"/api/v1/{T}/subjects/gone-1/contact-points", Http.JsonBody("""{"emails":["poistettu@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await Client.DeleteAsync($"/api/v1/{T}/subjects/gone-1")).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject(T, "gone-1"));
        var history = (await Client.HistoryAsync(T, "gone-1")).Count;

        using var answer = await Client.ImportAsync(T, "poistettu", Lines(
            new { type = "consent", subjectId = "gone-1", purpose = "market-research", granted = true },
            new { type = "objection", subjectId = "kept-1", scope = "direct-marketing" }));
        var status = await answer.CompletedAsync(Client, T, "poistettu");

        Assert.Equal(1, status.GetProperty("written").GetInt64());
        var rejected = Assert.Single(status.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("line").GetInt64());
        Assert.Contains("subject-erased", rejected.GetProperty("errors").GetProperty("subjectId")[0].GetString());
        Assert.Equal(history, (await Client.HistoryAsync(T, "gone-1")).Count);
    }

    [Fact]
    public async Task Progress_moves_while_the_body_streams()
    {
        var (answer, lines) = Client.StreamImport(T, "virta");
        for (var i = 0; i < 10; i++) await lines.WriteAsync(Line(i));
        var early = await Eventually.HoldsAsync(() => Client.ImportStatusOrNoneAsync(T, "virta"), s => s?.GetProperty("linesRead").GetInt64() == 10, what: "ten lines read");
        Assert.Equal("running", early!.Value.GetProperty("status").GetString());

        for (var i = 10; i < 25; i++) await lines.WriteAsync(Line(i));
        var later = await Eventually.HoldsAsync(() => Client.ImportStatusOrNoneAsync(T, "virta"), s => s?.GetProperty("linesRead").GetInt64() == 25, what: "25 lines read");
        Assert.Equal("running", later!.Value.GetProperty("status").GetString());
        lines.Complete();

        var status = await (await answer).CompletedAsync(Client, T, "virta");
        Assert.Equal((25, 25), (status.GetProperty("linesRead").GetInt64(), status.GetProperty("written").GetInt64()));
        Assert.True(status.GetProperty("perSecond").GetDouble() > 0);

        static string Line(int i) => System.Text.Json.JsonSerializer.Serialize(new { type = "objection", subjectId = $"flow-{i}", scope = "direct-marketing", channel = "email" });
    }

    [Fact]
    public async Task A_key_of_another_tenant_cannot_read_or_start_this_tenants_import()
    {
        using (var answer = await Client.ImportAsync(T, "oma", Lines(new { type = "objection", subjectId = "own-1", scope = "direct-marketing" })))
            await answer.CompletedAsync(Client, T, "oma");
        using var other = await Hub.CreateTenantAsync("vieras");

        await (await other.Client.GetAsync($"/api/v1/{T}/imports/oma")).AssertProblemAsync(403);
        await (await other.Client.ImportAsync(T, "oma", Lines(new { type = "objection", subjectId = "own-2", scope = "direct-marketing" }))).AssertProblemAsync(403);
        await (await other.Client.GetAsync("/api/v1/vieras/imports/oma")).AssertProblemAsync(404);
    }
}
