using System.Net;
using Microsoft.AspNetCore.Http;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteOptOutPriorityLaneTests() : OptOutPriorityLaneTests(1_000)
{
    protected override Task<TestHub> StartAsync(IReadOnlyDictionary<string, string?> settings) => TestHub.StartAsync(extra: settings);
}

[Collection(CosmosCollection.C)]
public sealed class CosmosServerOptOutPriorityLaneTests(CosmosServer server) : OptOutPriorityLaneTests(200)
{
    protected override Task<TestHub> StartAsync(IReadOnlyDictionary<string, string?> settings) =>
        CosmosServerHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), settings);
}

[Collection(CosmosCollection.B)]
public sealed class FunctionsAppOptOutPriorityLaneTests(CosmosServer server) : OptOutPriorityLaneTests(200)
{
    protected override Task<TestHub> StartAsync(IReadOnlyDictionary<string, string?> settings) =>
        CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), extra: settings);
}

/// An objection is passed on ahead of bulk work: with a backlog of contact-point changes whose CRM deliveries hang
/// (a CRM that answers nothing until the test lets it), the objection's suppression still reaches SendGrid (the
/// outbox, for a tenant without an api key) while the backlog is still there. Without the priority lane it waited for
/// every bulk round before it, and here for ever. Order, not time: the CRM has answered nothing when the line appears.
public abstract class OptOutPriorityLaneTests(int backlog) : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StubServer _crm = null!;
    private int _answered;

    protected abstract Task<TestHub> StartAsync(IReadOnlyDictionary<string, string?> settings);

    public async Task InitializeAsync()
    {
        _crm = await StubServer.StartAsync();
        _crm.Respond = async context =>
        {
            await _release.Task;
            Interlocked.Increment(ref _answered);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        };
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _crm.DisposeAsync();
    }

    [Fact]
    public async Task An_objection_reaches_SendGrid_while_thousands_of_contact_point_changes_wait_for_a_CRM()
    {
        await using var hub = await StartAsync(new Dictionary<string, string?>
        {
            ["ConsentHub:Webhooks:AllowPrivateNetworks"] = "true",
            ["ConsentHub:Webhooks:RequireHttps"] = "false",
            ["ConsentHub:Webhooks:TimeoutSeconds"] = "120",   // a hung CRM stays hung for the whole test
        });
        var definition = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Catalogs.Tenant("lane")))!.AsObject();
        definition["sendgrid"] = new JsonObject { ["marketingGroupIds"] = new JsonArray(4401) };   // no api key: the outbox stands in for SendGrid
        using var tenant = await hub.CreateTenantAsync("lane", definition);
        using (var subscribed = await tenant.Client.PostAsJsonAsync("/api/v1/lane/subscriptions",
            new { url = new Uri(_crm.BaseAddress, "/hooks").ToString(), types = new[] { "consenthub.contactpoints.changed.v1" } }))
            Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        await Parallel.ForEachAsync(Enumerable.Range(0, backlog), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await tenant.ContactPointsAsync($"bulk-{i}", [$"bulk-{i}@example.fi"]));
        await Eventually.HoldsAsync(() => Task.FromResult(_crm.Requests.Count), n => n > 0, what: "the backlog's first CRM deliveries hanging");

        await tenant.ContactPointsAsync("kieltaja", ["kielto@example.fi"]);
        await tenant.RecordAsync("subjects/kieltaja/objections", new { scope = "direct-marketing", channel = "email" });

        var outbox = Path.Combine(hub.DataDir, "outbox", "sendgrid.jsonl");
        await Eventually.HoldsAsync(() => Task.FromResult(File.Exists(outbox) ? File.ReadAllText(outbox) : ""),
            text => text.Contains("kielto@example.fi", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the objection's suppression in the outbox");
        Assert.Equal(0, Volatile.Read(ref _answered));   // not one CRM delivery of the backlog has finished
        Assert.True(_crm.Requests.Count < backlog, $"{_crm.Requests.Count} of {backlog} bulk deliveries were made before the objection's");
    }
}
