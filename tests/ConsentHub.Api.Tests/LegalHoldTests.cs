using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Jobs;
using ConsentHub.Hub.Requests;
using ConsentHub.Hub.Security;

namespace ConsentHub.Api.Tests;

public sealed class SqliteLegalHoldTests() : LegalHoldTests
{
    protected override Task<TestHub> StartHubAsync() => TestHub.StartAsync(extra: LocalCrm);

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed and the worker run by themselves
}

/// The Functions app on Cosmos DB: the change feed starts each propagation (the webhook), and its driver runs it.
[Collection(CosmosCollection.A)]
public sealed class CosmosLegalHoldTests(CosmosServer server) : LegalHoldTests
{
    protected override Task<TestHub> StartHubAsync() => CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), extra: LocalCrm);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// `DELETE …/subjects/{id}` with a legal hold (API.md "Data subject requests"), the same on every store: what the hold
/// names stays sealed under the hold's own key until its date, readable through no route, and the retention run's
/// `legal-holds` step shreds it after; everything else goes at once, and CRMs are told what went and what is held.
public abstract class LegalHoldTests() : StoreHubTest("pito")
{
    protected static readonly Dictionary<string, string?> LocalCrm = new()
    {
        ["ConsentHub:Webhooks:AllowPrivateNetworks"] = "true",
        ["ConsentHub:Webhooks:RequireHttps"] = "false",
        ["ConsentHub:Webhooks:TimeoutSeconds"] = "2",
    };

    private static readonly string[] Personal = ["pito@example.fi", "+358407000031", "198.51.100.31", "PitoSelain/1.0"];

    private async Task PersonAsync(string subjectId, string email = "pito@example.fi", string phone = "040 700 0031")
    {
        (await Client.PutAsync($"/api/v1/pito/subjects/{subjectId}/contact-points", Http.JsonBody($$"""{"emails":["{{email}}"],"phones":["{{phone}}"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync($"/api/v1/pito/subjects/{subjectId}/consents",
            new { purpose = "market-research", granted = true, evidence = new { ip = "198.51.100.31", userAgent = "PitoSelain/1.0" } })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync($"/api/v1/pito/subjects/{subjectId}/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
    }

    private Task<HttpResponseMessage> EraseAsync(string subjectId, string body) =>
        Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/pito/subjects/{subjectId}") { Content = Http.JsonBody(body) });

    /// The hold's stream as stored, its held data opened with the hold's key (null once shredded): no route shows it.
    private async Task<string?> HeldDataAsync(string subjectId)
    {
        var stream = LegalHolds.StreamOf("pito", subjectId);
        var stored = (await Hub.Services.GetRequiredService<IEventStore>().ReadStreamAsync(stream, CancellationToken.None)).Events;
        var placed = Assert.IsType<HoldEvent.Placed>(EventCodec.Decode<HoldEvent>(stored[0].Type, stored[0].Data));
        return (await Hub.Services.GetRequiredService<Sealer>().OpenerAsync(stream, CancellationToken.None))(placed.Held);
    }

    private IRetentionStep LegalHoldStep => Hub.Services.GetServices<IRetentionStep>().Single(s => s.Name == "legal-holds");

    [Fact]
    public async Task A_hold_keeps_its_part_sealed_until_its_date_while_the_rest_goes_at_once_and_the_retention_step_shreds_it_after()
    {
        await PersonAsync("s1");
        var until = DateTimeOffset.UtcNow.AddDays(30);

        using var erased = await EraseAsync("s1", $$"""{"keep":["invoicing"],"reason":"Avoin lasku 2026-118","until":"{{until:yyyy-MM-dd}}"}""");

        Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);
        var answer = await erased.JsonAsync();
        Assert.Equal(["contact-points"], answer.GetProperty("held").EnumerateArray().Select(e => e.GetString()));
        var heldUntil = answer.GetProperty("heldUntil").GetDateTimeOffset();
        Assert.Equal(until.UtcDateTime.Date.AddDays(1), heldUntil.UtcDateTime);   // kept through the named day
        // Everything is gone from every route at once, the held part too; checks deny as for any erased person.
        await DeliverAsync(StreamId.Subject("pito", "s1"));
        var shown = string.Join("\n", (await Client.GetJsonAsync("/api/v1/pito/subjects/s1/export")).GetRawText(),
            (await Client.GetJsonAsync("/api/v1/pito/subjects/s1/history")).GetRawText(), (await Client.GetJsonAsync("/api/v1/pito/events")).GetRawText());
        foreach (var personal in Personal) Assert.DoesNotContain(personal, shown, StringComparison.Ordinal);
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync("pito", "direct-marketing", "email", "pito@example.fi"))[0]);
        Assert.Equal((false, "erased"), (await Client.CheckAsync("pito", "market-research", "phone", "subject:s1"))[0]);
        var erasure = (await Client.GetJsonAsync("/api/v1/pito/subjects/s1/export")).GetProperty("erasure");
        Assert.Equal(["contact-points"], erasure.GetProperty("held").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("contact-points", erasure.GetProperty("erased").EnumerateArray().Select(e => e.GetString()));
        await (await Client.PostJsonAsync("/api/v1/pito/subjects/s1/consents", new { purpose = "market-research", granted = true })).AssertProblemAsync(410);

        // Held: the addresses, under the hold's own key; not the evidence, which the hold does not name.
        var held = await HeldDataAsync("s1");
        Assert.Contains("pito@example.fi", held, StringComparison.Ordinal);
        Assert.Contains("+358407000031", held, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.31", held, StringComparison.Ordinal);

        Assert.Equal(0, await LegalHoldStep.RunAsync(heldUntil.AddMinutes(-1), CancellationToken.None));
        Assert.Contains("pito@example.fi", await HeldDataAsync("s1"), StringComparison.Ordinal);

        Assert.Equal(1, await LegalHoldStep.RunAsync(heldUntil.AddMinutes(1), CancellationToken.None));
        Assert.Null(await HeldDataAsync("s1"));
        Assert.Equal(0, await LegalHoldStep.RunAsync(heldUntil.AddDays(1), CancellationToken.None));
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync("pito", "direct-marketing", "email", "pito@example.fi"))[0]);
    }

    [Fact]
    public async Task The_erased_event_tells_CRMs_by_feed_and_webhook_what_went_and_what_is_held_until_when()
    {
        await using var crm = await StubServer.AlwaysAsync(204);
        (await Client.PostJsonAsync("/api/v1/pito/subscriptions",
            new { url = new Uri(crm.BaseAddress, "/hooks").ToString(), types = new[] { "consenthub.subject.erased.v1" } })).EnsureSuccessStatusCode();
        await PersonAsync("s2", "kaksi@example.fi", "040 700 0032");
        await PersonAsync("s3", "kolme@example.fi", "040 700 0033");

        using (var erased = await EraseAsync("s2", """{"keep":["legal-claims"],"reason":"Riita-asia vireillä","until":"2030-06-30T12:00:00Z"}"""))
            Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);
        using (var plain = await Client.DeleteAsync("/api/v1/pito/subjects/s3"))
            Assert.Equal(HttpStatusCode.Accepted, plain.StatusCode);
        await DeliverAsync(StreamId.Subject("pito", "s2"), StreamId.Subject("pito", "s3"));

        var feed = (await Client.GetJsonAsync("/api/v1/pito/events")).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "consenthub.subject.erased.v1").ToDictionary(e => e.GetProperty("subject").GetString()!);
        foreach (var e in feed.Values) Schemas.AssertValid("consenthub.subject.erased.v1.schema.json", e);
        var withHold = feed["s2"].GetProperty("data");
        Assert.Equal(["banner-receipts", "restriction-reason"], withHold.GetProperty("erased").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["contact-points", "evidence"], withHold.GetProperty("held").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(new DateTimeOffset(2030, 6, 30, 12, 0, 0, TimeSpan.Zero), withHold.GetProperty("heldUntil").GetDateTimeOffset());
        Assert.DoesNotContain("Riita-asia", feed["s2"].GetRawText(), StringComparison.Ordinal);   // the reason is the controller's, sealed in the hold
        var withoutHold = feed["s3"].GetProperty("data");
        Assert.Equal(["contact-points", "evidence", "banner-receipts", "restriction-reason"], withoutHold.GetProperty("erased").EnumerateArray().Select(x => x.GetString()));
        Assert.Empty(withoutHold.GetProperty("held").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, withoutHold.GetProperty("heldUntil").ValueKind);

        var delivered = await Eventually.HoldsAsync(() => Task.FromResult(crm.Requests), requests => requests.Count >= 2, what: "both erasures reached the CRM");
        var hooked = delivered.Select(r => JsonDocument.Parse(r.Body).RootElement).Single(e => e.GetProperty("subject").GetString() == "s2");
        Assert.Equal(["contact-points", "evidence"], hooked.GetProperty("data").GetProperty("held").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(withHold.GetProperty("heldUntil").GetString(), hooked.GetProperty("data").GetProperty("heldUntil").GetString());
    }
}
