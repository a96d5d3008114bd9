using System.Diagnostics;
using System.Net;
using ConsentHub.Api.Tests.Kit;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Api.Tests;

/// Another process holding the database's write lock: the hub says so on /health and refuses writes in bounded time.
public sealed class LockedDatabaseTests
{
    [Fact]
    public async Task A_locked_database_makes_health_unhealthy_and_writes_503_within_the_bound_and_writes_succeed_once_released()
    {
        await using var hub = await TestHub.StartAsync(extra: new Dictionary<string, string?> { ["ConsentHub:Sqlite:LockTimeoutSeconds"] = "1" });
        using var tenant = await hub.CreateTenantAsync("locked");

        await using var other = new SqliteConnection($"Data Source={Path.Combine(hub.DataDir, "consenthub.db")};Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        // /health probes the store at most once a second (HealthProbeCacheTests): the lock shows within that second.
        await Eventually.HoldsAsync(async () =>
        {
            using var health = await hub.Client().GetAsync("/health");
            return (health.StatusCode, (await health.JsonAsync()).GetProperty("status").GetString());
        }, h => h == (HttpStatusCode.ServiceUnavailable, "unhealthy"), TimeSpan.FromSeconds(5), "the lock on /health");
        var clock = Stopwatch.StartNew();
        using (var write = await tenant.Client.PostJsonAsync("/api/v1/locked/subjects/s1/objections", new { scope = "direct-marketing", channel = "all" }))
        {
            await write.AssertProblemAsync(503);
            Assert.Equal(TimeSpan.FromSeconds(5), write.Headers.RetryAfter?.Delta);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the write waited {clock.Elapsed}");
        }

        await using (var rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        (await tenant.Client.PostJsonAsync("/api/v1/locked/subjects/s1/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () =>
        {
            using var health = await hub.Client().GetAsync("/health");
            return (await health.JsonAsync()).GetProperty("status").GetString();
        }, s => s == "ok", TimeSpan.FromSeconds(5), "/health after the lock");
    }
}
