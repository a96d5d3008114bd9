using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqliteRectificationTests() : RectificationTests
{
    protected override Task<TestHub> StartHubAsync() => TestHub.StartAsync(extra: Settings);

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the local worker starts and runs propagations itself
}

/// The Functions app: the change feed starts each propagation, and its orchestration delivers it.
[Collection(CosmosCollection.C)]
public sealed class CosmosRectificationTests(CosmosServer server) : RectificationTests
{
    protected override Task<TestHub> StartHubAsync() => CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), extra: Settings);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// GDPR art. 19: a corrected contact point reaches every CRM that received the old one, and shows in the propagation
/// status; and the one rule for checks on an address the subject no longer lists.
public abstract class RectificationTests() : StoreHubTest("oikaisu")
{
    private StubServer _sendGrid = null!;

    /// CRM stubs on 127.0.0.1, and a SendGrid stand-in for the tenant connected to SendGrid.
    protected Dictionary<string, string?> Settings => new()
    {
        ["ConsentHub:Webhooks:AllowPrivateNetworks"] = "true",
        ["ConsentHub:Webhooks:RequireHttps"] = "false",
        ["ConsentHub:Webhooks:TimeoutSeconds"] = "2",
        ["ConsentHub:SendGrid:BaseUrl"] = _sendGrid.BaseAddress.ToString(),
    };

    public override async Task InitializeAsync()
    {
        _sendGrid = await StubServer.AlwaysAsync(202);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _sendGrid.DisposeAsync();
    }

    private static readonly StreamId Subject = StreamId.Subject("oikaisu", "s1");

    private async Task<string> SubscribeAsync(StubServer crm, params string[] types)
    {
        using var response = await Client.PostJsonAsync("/api/v1/oikaisu/subscriptions", new { url = new Uri(crm.BaseAddress, "/hooks").ToString(), types });
        var body = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return "webhook:" + body.GetProperty("id").GetString();
    }

    private async Task ContactPointsAsync(params string[] emails)
    {
        using var response = await Client.PutAsync("/api/v1/oikaisu/subjects/s1/contact-points", Http.JsonBody(JsonSerializer.Serialize(new { emails })));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await DeliverAsync(Subject);
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await Client.PostJsonAsync($"/api/v1/oikaisu/subjects/s1/{path}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await DeliverAsync(Subject);
    }

    private Task<JsonElement> SettledAsync(int count) => Eventually.HoldsAsync(() => Client.GetJsonAsync("/api/v1/oikaisu/propagations?subjectId=s1"),
        body => body.GetProperty("items").GetArrayLength() >= count && body.GetProperty("items").EnumerateArray().All(i => i.GetProperty("completed").GetBoolean()),
        what: $"{count} propagations of s1 settled");

    private static List<JsonElement> CloudEvents(StubServer crm, string type) =>
        [.. crm.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).Where(e => e.GetProperty("type").GetString() == type)];

    [Fact]
    public async Task A_corrected_address_reaches_the_CRM_that_received_the_old_one_though_it_did_not_subscribe_to_corrections()
    {
        await using var objections = await StubServer.AlwaysAsync(204);
        await using var consents = await StubServer.AlwaysAsync(204);
        var toObjections = await SubscribeAsync(objections, "consenthub.objection.recorded.v1");
        await SubscribeAsync(consents, "consenthub.consent.granted.v1");
        await ContactPointsAsync("vanha@example.fi");
        await PostAsync("objections", new { scope = "direct-marketing", channel = "email" });
        await SettledAsync(1);   // the first contact points concerned no target: only the objection propagated
        // Subscribed after the objection: it never received the old address, so it is not sent the correction either.
        await using var later = await StubServer.AlwaysAsync(204);
        await SubscribeAsync(later, "consenthub.objection.recorded.v1");

        await ContactPointsAsync("uusi@example.fi");
        var status = await SettledAsync(2);

        var correction = status.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("changeType").GetString() == "contactpoints.changed/v1")
            .OrderByDescending(i => i.GetProperty("startedAt").GetDateTimeOffset()).First();
        var delivered = correction.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString() == toObjections);
        Assert.Equal("succeeded", delivered.GetProperty("status").GetString());
        var sent = Assert.Single(CloudEvents(objections, "consenthub.contactpoints.changed.v1"));
        Assert.Equal("s1", sent.GetProperty("subject").GetString());
        Assert.Equal(["uusi@example.fi"], sent.GetProperty("data").GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(CloudEvents(objections, "consenthub.objection.recorded.v1"));
        Assert.Empty(consents.Requests);
        Assert.Empty(later.Requests);
    }

    [Fact]
    public async Task An_address_the_subject_let_go_of_keeps_the_prohibition_it_had_then_and_nothing_else()
    {
        await ContactPointsAsync("vanha@example.fi", "pysyva@example.fi");
        await PostAsync("consents", new { purpose = "market-research", channel = "email", granted = true });
        await PostAsync("objections", new { scope = "direct-marketing", channel = "email" });

        await ContactPointsAsync("uusi@example.fi");
        var moved = await Client.CheckAsync("oikaisu", "direct-marketing", "email", "vanha@example.fi", "uusi@example.fi");
        await PostAsync("objections", new { scope = "direct-marketing", channel = "email", lifted = true });
        var lifted = await Client.CheckAsync("oikaisu", "direct-marketing", "email", "vanha@example.fi", "uusi@example.fi");
        var research = await Client.CheckAsync("oikaisu", "market-research", "email", "vanha@example.fi");

        Assert.Equal([(false, "direct-marketing-prohibited"), (false, "direct-marketing-prohibited")], moved);
        // The lift concerns the addresses the subject lists now; the one it let go of keeps the ban it had.
        Assert.Equal([(false, "direct-marketing-prohibited"), (true, "no-objection")], lifted);
        Assert.Equal([(false, "direct-marketing-prohibited")], research);
    }

    [Fact]
    public async Task An_address_let_go_of_without_a_prohibition_has_no_statement_of_the_subject_and_one_listed_again_follows_it_again()
    {
        await ContactPointsAsync("vanha@example.fi");
        await PostAsync("consents", new { purpose = "market-research", channel = "email", granted = true });
        await ContactPointsAsync("uusi@example.fi");
        var former = await Client.CheckAsync("oikaisu", "market-research", "email", "vanha@example.fi", "uusi@example.fi");
        await PostAsync("objections", new { scope = "direct-marketing", channel = "email" });
        var afterBan = await Client.CheckAsync("oikaisu", "direct-marketing", "email", "vanha@example.fi");

        await ContactPointsAsync("vanha@example.fi", "uusi@example.fi");
        var listedAgain = await Client.CheckAsync("oikaisu", "direct-marketing", "email", "vanha@example.fi");

        Assert.Equal([(false, "no-consent"), (true, "consented")], former);
        Assert.Equal([(true, "no-objection")], afterBan);          // banned after it was let go of: not this address
        Assert.Equal([(false, "direct-marketing-prohibited")], listedAgain);
    }

    [Fact]
    public async Task A_corrected_address_of_a_subject_with_a_prohibition_joins_the_SendGrid_groups_and_the_old_one_stays()
    {
        using var connected = await Hub.CreateTenantAsync("oikaisu-sg", Catalogs.Tenant("oikaisu-sg", sendgrid: Catalogs.SendGrid));
        var subject = StreamId.Subject("oikaisu-sg", "s1");
        async Task WriteAsync(Task<HttpResponseMessage> call)
        {
            using var response = await call;
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            await DeliverAsync(subject);
        }
        await WriteAsync(connected.Client.PutAsync("/api/v1/oikaisu-sg/subjects/s1/contact-points", Http.JsonBody("""{"emails":["vanha@example.fi"]}""")));
        await WriteAsync(connected.Client.PostJsonAsync("/api/v1/oikaisu-sg/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" }));
        await PropagationTests.SettledAsync(connected, "s1");

        await WriteAsync(connected.Client.PutAsync("/api/v1/oikaisu-sg/subjects/s1/contact-points", Http.JsonBody("""{"emails":["uusi@example.fi"]}""")));
        var status = await PropagationTests.SettledAsync(connected, "s1", 2);

        var correction = status.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("changeType").GetString() == "contactpoints.changed/v1");
        Assert.Equal("succeeded", correction.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString() == "sendgrid").GetProperty("status").GetString());
        foreach (var group in Catalogs.MarketingGroups)
        {
            var added = _sendGrid.Requests.Where(r => r.Method == "POST" && r.Path == $"/v3/asm/groups/{group}/suppressions")
                .SelectMany(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("recipient_emails").EnumerateArray().Select(e => e.GetString())).ToList();
            Assert.Equal(["vanha@example.fi", "uusi@example.fi"], added);
        }
        Assert.DoesNotContain(_sendGrid.Requests, r => r.Method == "DELETE");
        Assert.Equal([(false, "direct-marketing-prohibited"), (false, "direct-marketing-prohibited")],
            await connected.Client.CheckAsync("oikaisu-sg", "direct-marketing", "email", "vanha@example.fi", "uusi@example.fi"));
    }
}
