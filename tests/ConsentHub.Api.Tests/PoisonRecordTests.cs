using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests;

public sealed class SqlitePoisonRecordTests() : PoisonRecordTests
{
    private readonly string _dataDir = TestHub.NewDataDir();

    protected override Task<TestHub> StartHubAsync() => TestHub.StartAsync(_dataDir);

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself

    protected override async Task WriteUnreadableAsync(StreamId stream, string eventId, string type, string data)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Hub.DataDir, "consenthub.db")};Pooling=False");
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO events (tenant, stream, version, event_id, type, data, recorded_at)
            VALUES ($tenant, $stream, (SELECT COALESCE(MAX(version), 0) + 1 FROM events WHERE tenant = $tenant AND stream = $stream), $id, $type, $data, '2026-05-04T10:00:00.0000000Z')
            """;
        insert.Parameters.AddWithValue("$tenant", stream.Tenant);
        insert.Parameters.AddWithValue("$stream", stream.Name);
        insert.Parameters.AddWithValue("$id", eventId);
        insert.Parameters.AddWithValue("$type", type);
        insert.Parameters.AddWithValue("$data", data);
        await insert.ExecuteNonQueryAsync();
    }
}

/// The Functions app: its change-feed step gets the corrupt commit in one batch with the healthy one.
[Collection(CosmosCollection.A)]
public sealed class CosmosPoisonRecordTests(CosmosServer server) : PoisonRecordTests
{
    private readonly string _database = CosmosServer.NewDatabase();

    protected override Task<TestHub> StartHubAsync() => CosmosHub.StartAsync(server, _database, CosmosHub.NewSecrets());

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);

    protected override Task WriteUnreadableAsync(StreamId stream, string eventId, string type, string data) =>
        UnreadableCommit.WriteAsync(server, _database, stream, eventId, type, data);
}

[Collection(CosmosCollection.B)]
public sealed class CosmosServerPoisonRecordTests(CosmosServer server) : PoisonRecordTests
{
    private readonly string _database = CosmosServer.NewDatabase();
    private readonly byte[][] _secrets = CosmosHub.NewSecrets();

    protected override Task<TestHub> StartHubAsync() => CosmosServerHub.StartAsync(server, _database, _secrets);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);

    protected override Task WriteUnreadableAsync(StreamId stream, string eventId, string type, string data) =>
        UnreadableCommit.WriteAsync(server, _database, stream, eventId, type, data);
}

/// A commit written past the hub into Cosmos DB's events container, the next of its stream, whose event's data is a
/// string where an object belongs: no code can read it, as with a corrupt row in SQLite.
internal static class UnreadableCommit
{
    public static async Task WriteAsync(CosmosServer server, string database, StreamId stream, string eventId, string type, string data)
    {
        using var cosmos = new CosmosContainers(server.Options(database), server.Http);
        var next = 1L;
        while (await CosmosJson.ReadAsync(cosmos.Events, CommitDocument.IdOf(next), CommitDocument.PartitionOf(stream), default) is { } commit)
            using (commit) next = commit.RootElement.GetProperty("last").GetInt64() + 1;
        var document = new JsonObject
        {
            ["id"] = CommitDocument.IdOf(next), ["stream"] = CommitDocument.PartitionOf(stream), ["tenant"] = stream.Tenant, ["name"] = stream.Name,
            ["first"] = next, ["last"] = next,
            ["events"] = new JsonArray(new JsonObject { ["id"] = eventId, ["type"] = type, ["at"] = "2026-05-04T10:00:00.0000000Z", ["data"] = data }),
        };
        using var response = await cosmos.Events.CreateItemStreamAsync(CosmosJson.Body(document), new PartitionKey(CommitDocument.PartitionOf(stream)));
        Assert.True(response.IsSuccessStatusCode, response.ErrorMessage);
    }
}

/// A record nobody can read (corrupt on disk) is dead-lettered and counted, and everything after it flows on, the
/// same on every store.
public abstract class PoisonRecordTests() : StoreHubTest("healthy")
{
    private bool _stopped;

    /// Writes an event past the hub, as a damaged disk or a foreign tool would: the next of its stream.
    protected abstract Task WriteUnreadableAsync(StreamId stream, string eventId, string type, string data);

    public override async Task DisposeAsync()
    {
        if (!_stopped) await base.DisposeAsync();
        else Tenant.Dispose();
    }

    [Fact]
    public async Task A_corrupt_event_is_dead_lettered_with_its_error_and_another_tenants_objection_still_reaches_the_outbox()
    {
        using var poisoned = await Hub.CreateTenantAsync("poisoned");
        (await Client.PutAsync("/api/v1/healthy/subjects/s1/contact-points", Http.JsonBody("""{"emails":["virtaa@example.fi"]}"""))).EnsureSuccessStatusCode();

        // An objection whose data is not JSON.
        await WriteUnreadableAsync(StreamId.Subject("poisoned", "p1"), "poison-1", "objection.recorded/v1", """{"scope":"direct-marketing", "chan""");

        (await Client.PostJsonAsync("/api/v1/healthy/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject("poisoned", "p1"), StreamId.Subject("healthy", "s1"));

        var outbox = Path.Combine(Hub.DataDir, "outbox", "email.jsonl");
        await Eventually.HoldsAsync(() => Task.FromResult(File.Exists(outbox) ? File.ReadAllLines(outbox) : []),
            lines => lines.Select(l => JsonDocument.Parse(l).RootElement).Any(e => e.GetProperty("tenant").GetString() == "healthy" && e.GetProperty("to").GetString() == "virtaa@example.fi"),
            what: "the healthy tenant's opt-out confirmation in the outbox");
        var dead = await Eventually.HoldsAsync(() => poisoned.Client.GetJsonAsync("/api/v1/poisoned/propagations?status=dead-lettered"),
            body => body.GetProperty("items").GetArrayLength() == 1, what: "the poisoned change dead-lettered");
        var item = dead.GetProperty("items")[0];
        Assert.Equal(("poison-1", "p1"), (item.GetProperty("changeId").GetString(), item.GetProperty("subjectId").GetString()));
        var target = Assert.Single(item.GetProperty("targets").EnumerateArray());
        Assert.Equal(PropagationStarter.UnreadableTarget, target.GetProperty("target").GetString());
        Assert.Contains("could not be prepared", target.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // The views meet the corrupt event on their own schedule (a write does not wait for them), so /health turns degraded within a tick or two.
        using var client = Hub.Client();
        var body = await Eventually.HoldsAsync(() => client.GetJsonAsync("/health"), b => b.GetProperty("status").GetString() == "degraded", what: "/health degraded");
        Assert.True(body.GetProperty("skippedEvents").GetInt64() >= 1, body.ToString());
    }

    [Fact]
    public async Task A_hub_restarted_on_a_store_holding_a_corrupt_event_starts_and_reports_degraded()
    {
        using var again = await Hub.CreateTenantAsync("again");
        _stopped = true;
        await Hub.DisposeAsync();
        await WriteUnreadableAsync(StreamId.TenantOf("again"), "bad-tenant", "tenant.defined/v1", """{"id":""");

        await using var hub = await StartHubAsync();

        // The rest of the tenant still answers. SQLite reads every tenant before the first answer; Cosmos DB reads a
        // tenant when first asked for (it has no cheap list of tenants), so the fault shows once the tenant is asked for.
        using var tenant = hub.Client(again.ApiKey);
        using var answer = await tenant.GetAsync("/api/v1/again/suppressions?channel=email&purpose=direct-marketing");
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        var health = await hub.Client().GetJsonAsync("/health");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, health.GetProperty("skippedEvents").ValueKind);
    }
}
