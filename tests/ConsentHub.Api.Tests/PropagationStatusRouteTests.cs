using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqlitePropagationStatusRouteTests() : PropagationStatusRouteTests
{
    protected override Task<TestHub> StartHubAsync() => TestHub.StartAsync(extra: LocalCrm);

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the local worker starts and runs propagations itself
}

/// The Functions app: the change feed starts each propagation, and its driver runs the tasks.
[Collection(CosmosCollection.C)]
public sealed class CosmosPropagationStatusRouteTests(CosmosServer server) : PropagationStatusRouteTests
{
    protected override Task<TestHub> StartHubAsync() => CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), extra: LocalCrm);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// The self-hosted server on Cosmos DB: its change-feed reader starts each propagation and its worker runs the tasks.
[Collection(CosmosCollection.A)]
public sealed class CosmosServerPropagationStatusRouteTests(CosmosServer server) : PropagationStatusRouteTests
{
    protected override Task<TestHub> StartHubAsync() => CosmosServerHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), LocalCrm);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// `GET …/propagations`: per change, per target, how far it got; the same cases on every store.
public abstract class PropagationStatusRouteTests() : StoreHubTest("tila")
{
    protected static readonly Dictionary<string, string?> LocalCrm = new()
    {
        ["ConsentHub:Webhooks:AllowPrivateNetworks"] = "true",
        ["ConsentHub:Webhooks:RequireHttps"] = "false",
        ["ConsentHub:Webhooks:TimeoutSeconds"] = "2",
    };

    private async Task<string> SubscribeAsync(StubServer crm)
    {
        using var response = await Client.PostJsonAsync("/api/v1/tila/subscriptions",
            new { url = new Uri(crm.BaseAddress, "/hooks").ToString(), types = new[] { "consenthub.objection.recorded.v1" } });
        var body = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return "webhook:" + body.GetProperty("id").GetString();
    }

    private async Task<JsonElement> ObjectAndSettleAsync(string subjectId)
    {
        (await Client.PostJsonAsync($"/api/v1/tila/subjects/{subjectId}/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject("tila", subjectId));
        return await Eventually.HoldsAsync(() => Client.GetJsonAsync($"/api/v1/tila/propagations?subjectId={subjectId}"),
            body => body.GetProperty("items").GetArrayLength() == 1 && body.GetProperty("items")[0].GetProperty("completed").GetBoolean(),
            what: "the propagation settled");
    }

    private static JsonElement Target(JsonElement item, string target) =>
        item.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString() == target);

    [Fact]
    public async Task An_objection_with_a_CRM_subscription_shows_its_targets_and_their_states()
    {
        await using var crm = await StubServer.AlwaysAsync(204);
        var webhook = await SubscribeAsync(crm);
        (await Client.PutAsync("/api/v1/tila/subjects/s1/contact-points", Http.JsonBody("""{"emails":["tila@example.fi"]}"""))).EnsureSuccessStatusCode();

        var item = (await ObjectAndSettleAsync("s1")).GetProperty("items")[0];

        Assert.StartsWith("propagation-", item.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("s1", item.GetProperty("subjectId").GetString());
        Assert.Contains("objection", item.GetProperty("changeType").GetString(), StringComparison.Ordinal);
        Assert.Equal(["sendgrid", webhook], item.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("target").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(("succeeded", 1), (Target(item, webhook).GetProperty("status").GetString(), Target(item, webhook).GetProperty("attempts").GetInt32()));
        Assert.Equal("succeeded", Target(item, "sendgrid").GetProperty("status").GetString());
        Assert.Single(crm.Requests);
        Assert.Single((await Client.GetJsonAsync("/api/v1/tila/propagations?status=succeeded")).GetProperty("items").EnumerateArray());
        Assert.Empty((await Client.GetJsonAsync("/api/v1/tila/propagations?status=dead-lettered")).GetProperty("items").EnumerateArray());
        Assert.Empty((await Client.GetJsonAsync("/api/v1/tila/propagations?subjectId=s2")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_task_the_CRM_refuses_is_dead_lettered_and_shows_its_last_error()
    {
        await using var crm = await StubServer.AlwaysAsync(400);
        var webhook = await SubscribeAsync(crm);

        var item = (await ObjectAndSettleAsync("s3")).GetProperty("items")[0];

        var target = Target(item, webhook);
        Assert.Equal(("dead-lettered", 1), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        Assert.Contains("400", target.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var dead = (await Client.GetJsonAsync("/api/v1/tila/propagations?status=dead-lettered")).GetProperty("items");
        Assert.Equal(item.GetProperty("id").GetString(), Assert.Single(dead.EnumerateArray()).GetProperty("id").GetString());
    }
}
