using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteLedgerTests() : LedgerTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.C)]
public sealed class CosmosLedgerTests(CosmosServer server) : LedgerTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.A)]
public sealed class CosmosServerLedgerTests(CosmosServer server) : LedgerTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// The consent ledger's subject routes (API.md "Subjects and the consent ledger", "Conventions"), the same on every
/// store: a write answers what a read of the subject then shows, without waiting for a feed.
public abstract class LedgerTests() : StoreHubTest("ledger")
{
    private const string Subjects = "/api/v1/ledger/subjects";

    private Task<HttpResponseMessage> PutContactPointsAsync(string subject, string json, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Subjects}/{subject}/contact-points") { Content = Http.JsonBody(json) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return Client.SendAsync(request);
    }

    private async Task<List<JsonElement>> HistoryAsync(string subject) => await Client.HistoryAsync("ledger", subject);

    [Fact]
    public async Task Contact_points_are_normalised_and_the_subject_answers_them_with_its_version()
    {
        using var put = await PutContactPointsAsync("s1", """{"emails":["  Maija.Meikalainen@Example.FI "],"phones":["040 123 4567"]}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"1\"", put.Headers.ETag?.Tag);
        var written = await put.JsonAsync();
        Assert.Equal("s1", written.GetProperty("subjectId").GetString());
        Assert.Equal("Maija.Meikalainen@example.fi", written.GetProperty("contactPoints").GetProperty("emails")[0].GetString());
        Assert.Equal("+358401234567", written.GetProperty("contactPoints").GetProperty("phones")[0].GetString());

        using var read = await Client.GetAsync($"{Subjects}/s1/preferences");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal(written.GetRawText(), (await read.JsonAsync()).GetRawText());
        Assert.Equal("contactpoints.changed/v1", Assert.Single(await HistoryAsync("s1")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_consent_given_then_withdrawn_shows_withdrawn_in_preferences_history_and_checks()
    {
        using var given = await Client.PostJsonAsync($"{Subjects}/s2/consents", new { purpose = "market-research", channel = "email", granted = true, source = "web-form" });
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        var receipt = await given.JsonAsync();
        Assert.Equal(1, receipt.GetProperty("version").GetInt64());
        Assert.Equal((true, "consented"), (await Client.CheckAsync("ledger", "market-research", "email", "subject:s2"))[0]);
        using var withdrawn = await Client.PostJsonAsync($"{Subjects}/s2/consents", new { purpose = "market-research", channel = "email", granted = false });
        Assert.Equal(2, (await withdrawn.JsonAsync()).GetProperty("version").GetInt64());

        var consent = Assert.Single((await Client.GetJsonAsync($"{Subjects}/s2/preferences")).GetProperty("consents").EnumerateArray());
        Assert.Equal(("market-research", "email", false), (consent.GetProperty("purpose").GetString(), consent.GetProperty("channel").GetString(), consent.GetProperty("granted").GetBoolean()));
        var history = await HistoryAsync("s2");
        Assert.Equal(["consent.granted/v1", "consent.withdrawn/v1"], history.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L], history.Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(receipt.GetProperty("eventId").GetString(), history[0].GetProperty("eventId").GetString());
        Assert.Equal("web-form", history[0].GetProperty("source").GetString());
        Assert.Equal((false, "consent-withdrawn"), (await Client.CheckAsync("ledger", "market-research", "email", "subject:s2"))[0]);
    }

    [Fact]
    public async Task An_objection_prohibits_until_it_is_lifted()
    {
        (await PutContactPointsAsync("s3", """{"emails":["kielto@example.fi"]}""")).Dispose();
        using var objected = await Client.PostJsonAsync($"{Subjects}/s3/objections", new { scope = "direct-marketing", channel = "email", source = "customer-service" });
        Assert.Equal(HttpStatusCode.Created, objected.StatusCode);
        var prohibition = Assert.Single((await Client.GetJsonAsync($"{Subjects}/s3/preferences")).GetProperty("prohibitions").EnumerateArray());
        Assert.Equal(("direct-marketing", "email", "customer-service"),
            (prohibition.GetProperty("scope").GetString(), prohibition.GetProperty("channel").GetString(), prohibition.GetProperty("source").GetString()));
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync("ledger", "direct-marketing", "email", "kielto@example.fi"))[0]);

        (await Client.PostJsonAsync($"{Subjects}/s3/objections", new { scope = "direct-marketing", channel = "email", lifted = true })).EnsureSuccessStatusCode();
        Assert.Empty((await Client.GetJsonAsync($"{Subjects}/s3/preferences")).GetProperty("prohibitions").EnumerateArray());
        Assert.Equal((true, "no-objection"), (await Client.CheckAsync("ledger", "direct-marketing", "email", "kielto@example.fi"))[0]);
        Assert.Equal(["contactpoints.changed/v1", "objection.recorded/v1", "objection.lifted/v1"], (await HistoryAsync("s3")).Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task The_export_holds_the_subjects_preferences_and_history_with_its_evidence()
    {
        (await PutContactPointsAsync("s4", """{"emails":["vienti@example.fi"]}""")).Dispose();
        (await Client.PostJsonAsync($"{Subjects}/s4/consents", new { purpose = "market-research", granted = true, evidence = new { ip = "198.51.100.4" } })).EnsureSuccessStatusCode();

        var export = await Client.GetJsonAsync($"{Subjects}/s4/export");
        Assert.Equal("s4", export.GetProperty("subjectId").GetString());
        Assert.Equal("vienti@example.fi", export.GetProperty("preferences").GetProperty("contactPoints").GetProperty("emails")[0].GetString());
        Assert.Equal(2, export.GetProperty("preferences").GetProperty("version").GetInt64());
        var history = export.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal((await HistoryAsync("s4")).Select(e => e.GetProperty("eventId").GetString()), history.Select(e => e.GetProperty("eventId").GetString()));
        Assert.Equal("198.51.100.4", history[1].GetProperty("data").GetProperty("evidence").GetProperty("ip").GetString());
    }

    [Fact]
    public async Task A_statement_made_from_the_subjects_address_shows_in_its_preferences_and_export()
    {
        (await PutContactPointsAsync("s7", """{"emails":["osoite@example.fi"]}""")).Dispose();
        using var subscribed = await Client.PostJsonAsync("/api/v1/ledger/newsletters/weekly/subscriptions", new { email = "osoite@example.fi" });
        Assert.Equal(HttpStatusCode.Accepted, subscribed.StatusCode);   // double opt-in: pending until confirmed

        var newsletter = Assert.Single((await Client.GetJsonAsync($"{Subjects}/s7/preferences")).GetProperty("newsletters").EnumerateArray());
        Assert.Equal(("weekly", "pending"), (newsletter.GetProperty("id").GetString(), newsletter.GetProperty("status").GetString()));
        var contact = Assert.Single((await Client.GetJsonAsync($"{Subjects}/s7/export")).GetProperty("contactPoints").EnumerateArray());
        Assert.Equal("osoite@example.fi", contact.GetProperty("contact").GetString());
        Assert.Contains(contact.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "newsletter.subscribed/v1");
        Assert.Equal((false, "not-subscribed"), (await Client.CheckAsync("ledger", "newsletter:weekly", "email", "subject:s7"))[0]);
    }

    [Fact]
    public async Task A_restriction_shows_in_preferences_and_stops_marketing_until_it_is_lifted()
    {
        using var restricted = await Client.PostJsonAsync($"{Subjects}/s8/restriction", new { restricted = true, reason = "oikeellisuus kiistetty" });
        Assert.Equal(HttpStatusCode.Created, restricted.StatusCode);
        Assert.True((await Client.GetJsonAsync($"{Subjects}/s8/preferences")).GetProperty("restricted").GetBoolean());
        Assert.Equal((false, "processing-restricted"), (await Client.CheckAsync("ledger", "direct-marketing", "email", "subject:s8"))[0]);
        Assert.Equal("oikeellisuus kiistetty", Assert.Single(await HistoryAsync("s8")).GetProperty("data").GetProperty("reason").GetString());

        (await Client.PostJsonAsync($"{Subjects}/s8/restriction", new { restricted = false })).EnsureSuccessStatusCode();
        Assert.False((await Client.GetJsonAsync($"{Subjects}/s8/preferences")).GetProperty("restricted").GetBoolean());
        Assert.Equal((true, "no-objection"), (await Client.CheckAsync("ledger", "direct-marketing", "email", "subject:s8"))[0]);
    }

    [Fact]
    public async Task A_repeat_with_the_same_key_answers_the_first_response_and_another_body_is_422()
    {
        var body = new { purpose = "market-research", channel = "email", granted = true };
        using var first = await Client.PostJsonAsync($"{Subjects}/s5/consents", body, idempotencyKey: "k-5");
        using var again = await Client.PostJsonAsync($"{Subjects}/s5/consents", body, idempotencyKey: "k-5");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        await (await Client.PostJsonAsync($"{Subjects}/s5/consents", body with { granted = false }, idempotencyKey: "k-5")).AssertProblemAsync(422);

        using var contacts = await PutContactPointsAsync("s5", """{"emails":["toisto@example.fi"]}""", key: "k-6");
        (await Client.PostJsonAsync($"{Subjects}/s5/objections", new { scope = "profiling" })).EnsureSuccessStatusCode();
        using var replayed = await PutContactPointsAsync("s5", """{"emails":["toisto@example.fi"]}""", key: "k-6");
        Assert.Equal(await contacts.Content.ReadAsStringAsync(), await replayed.Content.ReadAsStringAsync());   // the subject as it was then
        Assert.Equal("\"2\"", replayed.Headers.ETag?.Tag);
        using var renewed = await Client.PostJsonAsync($"{Subjects}/s5/consents", body);   // without a key: new evidence
        Assert.Equal(4, (await renewed.JsonAsync()).GetProperty("version").GetInt64());
        Assert.Equal(4, (await HistoryAsync("s5")).Count);
    }

    [Fact]
    public async Task Concurrent_writes_to_one_subject_are_each_stored_once_with_distinct_versions()
    {
        var writes = Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await Client.PostJsonAsync($"{Subjects}/busy/consents", new { purpose = "market-research", granted = i % 2 == 0, source = $"writer-{i}" }, idempotencyKey: $"w-{i}");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.JsonAsync()).GetProperty("version").GetInt64();
        });
        Assert.Equal(Enumerable.Range(1, 20).Select(v => (long)v), (await Task.WhenAll(writes)).Order());
        var history = await HistoryAsync("busy");
        Assert.Equal(20, history.Select(e => e.GetProperty("source").GetString()).Distinct().Count());
        using var read = await Client.GetAsync($"{Subjects}/busy/preferences");
        Assert.Equal("\"20\"", read.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_and_records_nothing()
    {
        (await Client.PostJsonAsync($"{Subjects}/s6/objections", new { scope = "profiling" })).EnsureSuccessStatusCode();
        using var current = await Client.PostJsonAsync($"{Subjects}/s6/objections", new { scope = "market-research" }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.Created, current.StatusCode);

        var problem = await (await Client.PostJsonAsync($"{Subjects}/s6/objections", new { scope = "disclosure" }, ifMatch: "\"1\"")).AssertProblemAsync(412);
        Assert.Contains("\"2\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"{Subjects}/s6/contact-points") { Content = Http.JsonBody("""{"emails":["vanha@example.fi"]}""") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await Client.SendAsync(stale)).AssertProblemAsync(412);
        using var read = await Client.GetAsync($"{Subjects}/s6/preferences");
        Assert.Equal("\"2\"", read.Headers.ETag?.Tag);
        Assert.Equal(2, (await HistoryAsync("s6")).Count);
    }

    [Fact]
    public async Task An_unknown_subject_is_404_on_every_read_and_on_erasure()
    {
        foreach (var path in new[] { "preferences", "history", "export" })
            await (await Client.GetAsync($"{Subjects}/nobody/{path}")).AssertProblemAsync(404);
        await (await Client.DeleteAsync($"{Subjects}/nobody")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Another_tenant_sees_nothing_of_this_tenants_subject()
    {
        using var other = await Hub.CreateTenantAsync(Tenant("ledger-b"));
        (await PutContactPointsAsync("same-id", """{"emails":["jaettu@example.fi"]}""")).Dispose();
        (await Client.PostJsonAsync($"{Subjects}/same-id/objections", new { scope = "direct-marketing" })).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject("ledger", "same-id"));

        foreach (var path in new[] { "preferences", "history", "export" })
        {
            await (await other.Client.GetAsync($"/api/v1/ledger-b/subjects/same-id/{path}")).AssertProblemAsync(404);
            await (await other.Client.GetAsync($"{Subjects}/same-id/{path}")).AssertProblemAsync(403);
        }
        await (await other.Client.PostJsonAsync($"{Subjects}/same-id/objections", new { scope = "direct-marketing", lifted = true })).AssertProblemAsync(403);
        Assert.All(await other.Client.CheckAsync("ledger-b", "direct-marketing", "email", "jaettu@example.fi", "subject:same-id"), r => Assert.Equal((true, "no-objection"), r));
        Assert.Contains(await Client.CloudEventsAsync("ledger"), e => e.GetProperty("type").GetString() == "consenthub.objection.recorded.v1");
        Assert.Empty(await other.Client.CloudEventsAsync("ledger-b"));
    }
}
