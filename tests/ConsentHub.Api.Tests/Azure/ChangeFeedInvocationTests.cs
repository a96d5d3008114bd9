using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Api.Tests.Stores;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Storage.Cosmos;

namespace ConsentHub.Api.Tests.Azure;

/// The hub as on Azure (Cosmos DB store) answering the host's Cosmos DB trigger invocations with real change-feed
/// batches, and checks answered from the views that the batches wrote.
[Collection(CosmosCollection.Name)]
public sealed class ChangeFeedInvocationTests(CosmosServer server)
{
    [Fact]
    public async Task A_change_feed_batch_projects_the_views_and_publishes_its_CloudEvents_and_a_cold_instance_answers_from_them()
    {
        var database = CosmosServer.NewDatabase();
        var secrets = CosmosHub.NewSecrets();
        await using var hub = await CosmosHub.StartAsync(server, database, secrets);
        Assert.Equal("cosmos", (await hub.Client().GetJsonAsync("/health")).GetProperty("store").GetString());
        using var tenant = await hub.CreateTenantAsync("kauppa");
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/kauppa/subjects/crm-1/contact-points") { Content = Http.JsonBody("{\"emails\":[\"maija@example.fi\"]}") };
        (await tenant.Client.SendAsync(put)).EnsureSuccessStatusCode();
        (await tenant.Client.PostJsonAsync("/api/v1/kauppa/subjects/crm-1/objections", new { scope = "direct-marketing", channel = "all", source = "customer-service" }))
            .EnsureSuccessStatusCode();

        var batch = await BatchAsync(hub, StreamId.TenantOf("kauppa"), StreamId.Subject("kauppa", "crm-1"));
        var first = await InvokeAsync(hub, batch);
        var again = await InvokeAsync(hub, batch);   // the host redelivers a batch after a failure

        var published = first.GetProperty("Outputs").GetProperty("preferenceEvents").EnumerateArray()
            .Select(m => JsonDocument.Parse(m.GetString()!).RootElement.Clone()).ToList();
        Assert.Equal(["consenthub.contactpoints.changed.v1", "consenthub.objection.recorded.v1"], published.Select(e => e.GetProperty("type").GetString()));
        Assert.All(published, e => Assert.Equal(("/tenants/kauppa", "crm-1"), (e.GetProperty("source").GetString(), e.GetProperty("subject").GetString())));
        Assert.Equal("maija@example.fi", published[0].GetProperty("data").GetProperty("emails")[0].GetString());
        Assert.Equal(first.GetProperty("Outputs").GetRawText(), again.GetProperty("Outputs").GetRawText());
        Assert.NotEmpty(first.GetProperty("Logs").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("ReturnValue").ValueKind);

        await Task.Delay(TimeSpan.FromSeconds(2.5));   // past this instance's view cache
        Assert.All(await tenant.Client.CheckAsync("kauppa", "direct-marketing", "email", "maija@example.fi", "subject:crm-1"),
            r => Assert.Equal((false, "direct-marketing-prohibited"), r));

        await using var cold = await CosmosHub.StartAsync(server, database, secrets);
        using var coldClient = cold.Client(tenant.ApiKey);
        var answers = await coldClient.CheckAsync("kauppa", "direct-marketing", "email", "maija@example.fi", "subject:crm-1", "stranger@example.fi");
        Assert.Equal([(false, "direct-marketing-prohibited"), (false, "direct-marketing-prohibited"), (true, "no-objection")], answers);
        var preferences = await coldClient.GetJsonAsync("/api/v1/kauppa/subjects/crm-1/preferences");   // from the views, not from memory
        Assert.Equal("maija@example.fi", preferences.GetProperty("contactPoints").GetProperty("emails")[0].GetString());
        Assert.Equal(("direct-marketing", "all"), (preferences.GetProperty("prohibitions")[0].GetProperty("scope").GetString(), preferences.GetProperty("prohibitions")[0].GetProperty("channel").GetString()));
        await (await coldClient.GetAsync("/api/v1/kauppa/subjects/nobody/preferences")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_fresh_instance_serves_a_browser_choice_and_the_batch_publishes_it_for_CRMs()
    {
        var database = CosmosServer.NewDatabase();
        var secrets = CosmosHub.NewSecrets();
        await using var hub = await CosmosHub.StartAsync(server, database, secrets);
        using var tenant = await hub.CreateTenantAsync("selain");
        await using var fresh = await CosmosHub.StartAsync(server, database, secrets);   // has never seen the tenant
        using var browser = fresh.Client();
        using var choice = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/selain/banner/consents?k={tenant.SiteKey}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { visitorId = "v-9876543210", categories = new { analytics = false, marketing = false }, policyVersion = "2026-01-01" }),
        };
        choice.Headers.Add("Origin", "https://www.example.fi");
        using var recorded = await browser.SendAsync(choice);
        Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());

        var answer = await InvokeAsync(fresh, await BatchAsync(fresh, StreamId.Visitor("selain", "v-9876543210")));

        var published = answer.GetProperty("Outputs").GetProperty("preferenceEvents").EnumerateArray()
            .Select(m => JsonDocument.Parse(m.GetString()!).RootElement.Clone()).ToList();
        Assert.Equal(["consenthub.cookies.recorded.v1"], published.Select(e => e.GetProperty("type").GetString()));
        Assert.False(published[0].GetProperty("data").GetProperty("categories").GetProperty("marketing").GetBoolean());

        await using var another = await CosmosHub.StartAsync(server, database, secrets);   // banner state read from the store, not memory
        using var ask = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/selain/banner/consents/v-9876543210?k={tenant.SiteKey}");
        ask.Headers.Add("Origin", "https://www.example.fi");
        using var answered = await another.Client().SendAsync(ask);
        var state = await answered.JsonAsync();
        Assert.False(state.GetProperty("prompt").GetBoolean(), state.ToString());
        Assert.False(state.GetProperty("categories").GetProperty("analytics").GetBoolean());
    }

    [Fact]
    public async Task Erasure_on_Azure_finds_the_subject_in_the_views_and_shreds_its_contact_points_and_browsers()
    {
        var database = CosmosServer.NewDatabase();
        await using var hub = await CosmosHub.StartAsync(server, database, CosmosHub.NewSecrets());
        using var tenant = await hub.CreateTenantAsync("unohda");
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/unohda/subjects/s1/contact-points") { Content = Http.JsonBody("{\"emails\":[\"unohda@example.fi\"]}") };
        (await tenant.Client.SendAsync(put)).EnsureSuccessStatusCode();
        (await tenant.Client.PostJsonAsync("/api/v1/unohda/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        (await tenant.Client.PostJsonAsync("/api/v1/unohda/subjects/s1/visitors", new { visitorId = "v-5555555555" })).EnsureSuccessStatusCode();
        using var choice = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/unohda/banner/consents?k={tenant.SiteKey}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { visitorId = "v-5555555555", categories = new { analytics = true }, policyVersion = "2026-01-01" }),
        };
        choice.Headers.Add("Origin", "https://www.example.fi");
        choice.Headers.UserAgent.ParseAdd("SalainenSelain/2.0");
        (await hub.Client().SendAsync(choice)).EnsureSuccessStatusCode();
        await InvokeAsync(hub, await BatchAsync(hub, StreamId.Subject("unohda", "s1")));   // the views the erasure reads
        var before = await InvokeAsync(hub, await BatchAsync(hub, StreamId.Visitor("unohda", "v-5555555555")));
        Assert.Contains("SalainenSelain", before.GetProperty("Outputs").GetRawText(), StringComparison.Ordinal);

        using var erased = await tenant.Client.DeleteAsync("/api/v1/unohda/subjects/s1");
        Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);

        var history = await tenant.Client.GetJsonAsync("/api/v1/unohda/subjects/s1/history");
        Assert.Empty(history.GetProperty("events")[0].GetProperty("data").GetProperty("emails").EnumerateArray());
        var after = await InvokeAsync(hub, await BatchAsync(hub, StreamId.Visitor("unohda", "v-5555555555")));
        Assert.DoesNotContain("SalainenSelain", after.GetProperty("Outputs").GetRawText(), StringComparison.Ordinal);
        await InvokeAsync(hub, await BatchAsync(hub, StreamId.Subject("unohda", "s1")));
        await Task.Delay(TimeSpan.FromSeconds(2.5));   // past this instance's view cache
        Assert.Equal((false, "direct-marketing-prohibited"), (await tenant.Client.CheckAsync("unohda", "direct-marketing", "email", "unohda@example.fi"))[0]);
    }

    [Fact]
    public async Task A_batch_naming_a_commit_the_store_does_not_hold_publishes_nothing_for_it()
    {
        await using var hub = await CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets());
        const string forged = """[{"id":"0000000001","stream":"x/subject-s","tenant":"x","name":"subject-s","first":1,"last":1,"events":[{"id":"e","type":"objection.recorded/v1","at":"2026-01-01T00:00:00Z","data":{}}]}]""";
        var answer = await InvokeAsync(hub, forged);
        Assert.Empty(answer.GetProperty("Outputs").GetProperty("preferenceEvents").EnumerateArray());
        Assert.Contains(answer.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("not published", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_Cosmos_store_the_change_feed_route_fails_the_invocation()
    {
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost());
        using var response = await hub.HostClient().PostAsync("/EventsChangeFeed", Http.JsonBody("""{"Data":{"documents":"[]"},"Metadata":{}}"""));
        await response.AssertProblemAsync(503);
    }

    /// The change feed's documents of these streams, as the host sends them: a JSON string holding the array.
    private static async Task<string> BatchAsync(TestHub hub, params StreamId[] streams) =>
        (await CosmosEventStoreContract.ChangeFeedDocumentsAsync(hub.Services.GetRequiredService<CosmosContainers>(),
            hub.Services.GetRequiredService<CosmosEventStore>(), streams)).GetRawText();

    private static async Task<JsonElement> InvokeAsync(TestHub hub, string documents)
    {
        var payload = JsonSerializer.Serialize(new
        {
            Data = new { documents },
            Metadata = new { sys = new { MethodName = "EventsChangeFeed", UtcNow = DateTimeOffset.UtcNow, RandGuid = Guid.NewGuid() } },
        });
        using var client = hub.HostClient();
        using var response = await client.PostAsync("/EventsChangeFeed", Http.JsonBody(payload));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
