using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Functions.Propagation;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests;

/// A record nobody can read (corrupt on disk) is dead-lettered and counted, and everything after it flows on.
public sealed class PoisonRecordTests
{
    [Fact]
    public async Task A_corrupt_event_is_dead_lettered_with_its_error_and_another_tenants_objection_still_reaches_the_outbox()
    {
        await using var hub = await TestHub.StartAsync();
        using var poisoned = await hub.CreateTenantAsync("poisoned");
        using var healthy = await hub.CreateTenantAsync("healthy");
        (await healthy.Client.PutAsync("/api/v1/healthy/subjects/s1/contact-points", Http.JsonBody("""{"emails":["virtaa@example.fi"]}"""))).EnsureSuccessStatusCode();

        // Written past the hub, as a damaged disk or a foreign tool would: an objection whose data is not JSON.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(hub.DataDir, "consenthub.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO events (tenant, stream, version, event_id, type, data, recorded_at)
                VALUES ('poisoned', 'subject-p1', 1, 'poison-1', 'objection.recorded/v1', '{"scope":"direct-marketing", "chan', '2026-05-04T10:00:00.0000000Z')
                """;
            await insert.ExecuteNonQueryAsync();
        }

        (await healthy.Client.PostJsonAsync("/api/v1/healthy/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();

        var outbox = Path.Combine(hub.DataDir, "outbox", "email.jsonl");
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

        // The view feed meets the corrupt event on its own schedule (a write no longer waits for it), so /health turns degraded within a tick or two.
        using var client = hub.Client();
        var body = await Eventually.HoldsAsync(() => client.GetJsonAsync("/health"), b => b.GetProperty("status").GetString() == "degraded", what: "/health degraded");
        Assert.True(body.GetProperty("skippedEvents").GetInt64() >= 1, body.ToString());
    }

    [Fact]
    public async Task A_hub_restarted_on_a_store_holding_a_corrupt_event_starts_and_reports_degraded()
    {
        var dataDir = TestHub.NewDataDir();
        await using (var first = await TestHub.StartAsync(dataDir))
        {
            using var tenant = await first.CreateTenantAsync("again");
        }
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "consenthub.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """INSERT INTO events (tenant, stream, version, event_id, type, data, recorded_at) VALUES ('again', 'tenant', 99, 'bad-tenant', 'tenant.defined/v1', '{"id":', '2026-05-04T10:00:00.0000000Z')""";
            await insert.ExecuteNonQueryAsync();
        }

        await using var hub = await TestHub.StartAsync(dataDir);

        var health = await hub.Client().GetJsonAsync("/health");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, health.GetProperty("skippedEvents").ValueKind);
    }
}
