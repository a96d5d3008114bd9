using ConsentHub.Api.Tests.Kit;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests;

/// The log reader does not prepare a second time an opt-out whose propagation the priority lane started already: it
/// only queues the targets that propagation has not finished. A crash between a start's record and the queueing of its
/// tasks leaves exactly that (a started propagation, no task, the reader's checkpoint before the change): after the
/// restart the reader must still queue the unfinished target, and SendGrid hears of the objection once in each group.
public sealed class PropagationStartedNotQueuedTests
{
    [Fact]
    public async Task A_started_propagation_with_no_queued_task_is_queued_again_by_the_log_reader_and_delivered_once()
    {
        var dir = TestHub.NewDataDir();
        var accept = false;
        await using var sendGrid = await StubServer.StartAsync((_, _) => Volatile.Read(ref accept) ? (202, null, "{}") : (503, null, """{"errors":[{"message":"stub"}]}"""));
        var settings = new Dictionary<string, string?>(PropagationKit.Settings(sendGrid))
        {
            ["ConsentHub:Propagation:MaxAttempts"] = "20",
            ["ConsentHub:Propagation:BaseDelay"] = "00:00:00.200",
            ["ConsentHub:Propagation:MaxDelay"] = "00:00:00.500",
        };
        string key;
        await using (var hub = await TestHub.StartAsync(dir, extra: settings))
        {
            using var tenant = await hub.CreateTenantAsync("kesken", PropagationKit.ConnectedTenant("kesken"));
            key = tenant.ApiKey;
            await tenant.ContactPointsAsync("s1", ["kesken@example.fi"]);
            await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email" });
            await Eventually.HoldsAsync(() => tenant.Client.GetJsonAsync("/api/v1/kesken/propagations?limit=1000"),
                body => body.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("changeType").GetString() == "objection.recorded/v1"
                    && i.GetProperty("targets").EnumerateArray().Any(t => t.GetProperty("attempts").GetInt32() >= 1)), what: "a failed attempt");
        }
        var started = Started(dir);
        Assert.True(started >= 1, $"started {started}");
        ForgetQueueAndCheckpoint(dir);

        Volatile.Write(ref accept, true);
        var before = Adds(sendGrid).Count;
        await using var again = await TestHub.StartAsync(dir, extra: settings);
        using var client = again.Client(key);
        var target = await Eventually.HoldsAsync(async () => PropagationKit.Target(await client.GetJsonAsync("/api/v1/kesken/propagations?limit=1000"), "objection.recorded/v1", "sendgrid"),
            t => t.GetProperty("status").GetString() == "succeeded", what: "the objection delivered after the restart");
        await Eventually.HoldsAsync(() => Task.FromResult(QueueRows(dir)), n => n == 0, what: "the queue settled");

        // Each of the tenant's groups once after the restart (a repeated task would add again).
        var after = Adds(sendGrid).Skip(before).ToList();
        Assert.NotEmpty(after);
        Assert.Equal(after.Count, after.Select(r => r.Path).Distinct().Count());
        Assert.All(after, r => Assert.Contains("kesken@example.fi", r.Body, StringComparison.Ordinal));
        Assert.Equal(started, Started(dir));   // started once: the restart queued it without starting it again
        Assert.True(target.GetProperty("attempts").GetInt32() >= 2);
    }

    private static List<CapturedRequest> Adds(StubServer sendGrid) =>
        [.. sendGrid.Requests.Where(r => r.Method == "POST" && r.Path.Contains("/suppressions", StringComparison.Ordinal))];

    private static SqliteConnection Open(string dir)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "consenthub.db"), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static long Started(string dir) => Scalar(dir, "SELECT COUNT(*) FROM events WHERE tenant = 'kesken' AND type LIKE 'propagation.started%'");

    private static long QueueRows(string dir) => Scalar(dir, "SELECT COUNT(*) FROM propagation_queue");

    private static long Scalar(string dir, string sql)
    {
        using var connection = Open(dir);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    // What a crash between a start's record and its queueing leaves: the start in the log, no task, the checkpoint behind.
    private static void ForgetQueueAndCheckpoint(string dir)
    {
        using var connection = Open(dir);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM propagation_queue; DELETE FROM checkpoints WHERE name = 'propagation-starter';";
        command.ExecuteNonQuery();
    }
}
