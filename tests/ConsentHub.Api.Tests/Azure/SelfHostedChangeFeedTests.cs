using System.Net;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.ChangeFeed;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Api.Tests.Azure;

/// The self-hosted server on Cosmos DB (ConsentHub:Store=cosmos): it reads the change feed itself under a lease and
/// drives the propagation from a queue in Cosmos DB, with nothing calling in from outside.
[Collection(CosmosCollection.C)]
public sealed class SelfHostedChangeFeedTests(CosmosServer server)
{
    private static async Task ObjectAsync(TenantHandle tenant, string subject)
    {
        (await tenant.Client.PutAsync($"/api/v1/{tenant.Id}/subjects/{subject}/contact-points",
            Http.JsonBody("""{"emails":["palvelin@example.fi"],"phones":["040 555 0199"]}"""))).EnsureSuccessStatusCode();
        (await tenant.Client.PostJsonAsync($"/api/v1/{tenant.Id}/subjects/{subject}/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_objection_reaches_the_outbox_from_the_change_feed_without_any_invocation_route()
    {
        await using var hub = await CosmosServerHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets());
        using var tenant = await hub.CreateTenantAsync("palvelin");
        await ObjectAsync(tenant, "s1");

        await Eventually.HoldsAsync(() => Task.FromResult(CosmosServerHub.OutboxLines("email.jsonl", hub)), n => n == 1, what: "the e-mail in the outbox");
        await Eventually.HoldsAsync(() => Task.FromResult(CosmosServerHub.OutboxLines("sms.jsonl", hub)), n => n == 1, what: "the SMS in the outbox");
        using var invoke = await hub.Client().PostAsync("/EventsChangeFeed", Http.JsonBody("""{"Data":{"documents":[]}}"""));
        Assert.Equal(HttpStatusCode.NotFound, invoke.StatusCode);   // the custom handler's invocation routes are gone everywhere
    }

    [Fact]
    public async Task Two_instances_on_one_account_deliver_each_change_once()
    {
        var database = CosmosServer.NewDatabase();
        var secrets = CosmosHub.NewSecrets();
        await using var a = await CosmosServerHub.StartAsync(server, database, secrets);
        await using var b = await CosmosServerHub.StartAsync(server, database, secrets);
        using var tenant = await a.CreateTenantAsync("kaksi");
        await ObjectAsync(tenant, "s1");
        await ObjectAsync(tenant, "s2");

        await Eventually.HoldsAsync(() => Task.FromResult(CosmosServerHub.OutboxLines("email.jsonl", a, b)), n => n >= 2, what: "both e-mails");
        await Task.Delay(TimeSpan.FromSeconds(3));   // time for a second reader, if there were one, to deliver again
        Assert.Equal(2, CosmosServerHub.OutboxLines("email.jsonl", a, b));
        Assert.Equal(2, CosmosServerHub.OutboxLines("sms.jsonl", a, b));
        var handled = new[] { a, b }.Select(h => h.Services.GetRequiredService<ChangeFeedStatus>().Handled).ToList();
        Assert.Contains(0L, handled);   // one instance held the lease and read every commit
    }

    [Fact]
    public async Task A_poisoned_change_feed_record_is_passed_over_and_the_changes_after_it_propagate()
    {
        await using var hub = await CosmosServerHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets());
        using var tenant = await hub.CreateTenantAsync("myrkky");
        var events = hub.Services.GetRequiredService<CosmosContainers>().Events;
        // Not a commit at all, and a commit whose event no code can read.
        await CreateAsync(events, new JsonObject { ["id"] = "stray", ["stream"] = "myrkky/stray" });
        await CreateAsync(events, new JsonObject
        {
            ["id"] = CommitDocument.IdOf(1), ["stream"] = "myrkky/subject-poison", ["tenant"] = "myrkky", ["name"] = "subject-poison", ["first"] = 1, ["last"] = 1,
            ["events"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["type"] = "no.such.event/v1", ["at"] = DateTimeOffset.UtcNow.ToString("O"), ["data"] = new JsonObject() }),
        });
        await ObjectAsync(tenant, "s1");

        await Eventually.HoldsAsync(() => Task.FromResult(CosmosServerHub.OutboxLines("email.jsonl", hub)), n => n == 1, what: "the e-mail after the poisoned records");
        Assert.True(hub.Services.GetRequiredService<ChangeFeedStatus>().Poisoned >= 1);   // the stray document
        // The commit is handled, its event passed over by the views and counted, as embedded.
        using var client = hub.Client();
        await Eventually.HoldsAsync(() => client.GetJsonAsync("/health"), b => b.GetProperty("status").GetString() == "degraded", what: "/health degraded");
    }

    private static async Task CreateAsync(Container container, JsonObject document)
    {
        using var response = await container.CreateItemStreamAsync(CosmosJson.Body(document), new PartitionKey((string)document["stream"]!));
        Assert.True(response.IsSuccessStatusCode, response.ErrorMessage);
    }
}
