using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests;

/// The local driver records each task's outcome in its propagation, then tells the queue what a whole round came to
/// in one write. A crash between the two leaves the round's rows leased in the queue with their outcomes recorded:
/// after the restart they are leased again, settle, and nothing is delivered twice.
public sealed class PropagationSettleCrashTests
{
    private const int Subjects = 4;

    [Fact]
    public async Task Tasks_whose_outcome_was_recorded_but_not_settled_before_a_crash_settle_after_the_restart_without_a_second_delivery()
    {
        var dir = TestHub.NewDataDir();
        string key, statusBefore;
        string[] outboxBefore;
        var outbox = Path.Combine(dir, "outbox", "sendgrid.jsonl");
        await using (var hub = await TestHub.StartAsync(dir))
        {
            var definition = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Catalogs.Tenant("tasku")))!.AsObject();
            definition["sendgrid"] = new JsonObject { ["marketingGroupIds"] = new JsonArray(4401) };   // no api key: the outbox stands in for SendGrid
            using var tenant = await hub.CreateTenantAsync("tasku", definition);
            key = tenant.ApiKey;
            for (var i = 0; i < Subjects; i++)
            {
                await tenant.ContactPointsAsync($"s{i}", [$"tasku{i}@example.fi"]);
                await tenant.RecordAsync($"subjects/s{i}/objections", new { scope = "direct-marketing", channel = "email" });
            }
            for (var i = 0; i < Subjects; i++) await PropagationTests.SettledAsync(tenant, $"s{i}");
            await Eventually.HoldsAsync(() => Task.FromResult(QueueRows(dir)), n => n == 0, what: "the queue settled");
            statusBefore = (await tenant.Client.GetJsonAsync("/api/v1/tasku/propagations?limit=1000")).GetRawText();
            outboxBefore = File.ReadAllLines(outbox);
        }
        Assert.Equal(Subjects, outboxBefore.Length);

        // What a crash after the outcomes were recorded and before the round's settle leaves: every task still in the
        // queue, ready, its lease run out.
        var requeued = Requeue(dir);
        Assert.True(requeued >= Subjects, $"requeued {requeued}");

        await using var again = await TestHub.StartAsync(dir);
        await Eventually.HoldsAsync(() => Task.FromResult(QueueRows(dir)), n => n == 0, what: "the requeued tasks settled");
        using var client = again.Client(key);
        Assert.Equal(statusBefore, (await client.GetJsonAsync("/api/v1/tasku/propagations?limit=1000")).GetRawText());
        Assert.Equal(outboxBefore, File.ReadAllLines(outbox));
    }

    private static SqliteConnection Open(string dir)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "consenthub.db"), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static long QueueRows(string dir)
    {
        using var connection = Open(dir);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM propagation_queue";
        return (long)command.ExecuteScalar()!;
    }

    // One row per target named by each propagation's status view, leased once and long ago.
    private static int Requeue(string dir)
    {
        using var connection = Open(dir);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO propagation_queue (tenant, propagation, target, due_at, lease_until)
            SELECT v.tenant, 'propagation-' || v.key, COALESCE(json_extract(t.value, '$.name'), json_extract(t.value, '$.Name')), 1, 2
            FROM views v, json_each(v.body, '$.targets') t
            WHERE v.tenant = 'tasku' AND v.kind = $kind
            """;
        command.Parameters.AddWithValue("$kind", ConsentHub.Domain.Propagation.PropagationProjection.Declaration.Kind);
        return command.ExecuteNonQuery();
    }
}
