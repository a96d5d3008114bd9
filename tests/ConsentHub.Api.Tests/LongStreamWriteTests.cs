using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentHub.Api.Tests;

/// The hub keeps a snapshot with a person's long stream; after a restart a write starts from it and a replay of the
/// stream's first request still answers as the first time.
public sealed class LongStreamWriteTests
{
    private static object Consent(int i) => new { purpose = "market-research", channel = "email", granted = i % 2 == 0, source = "web-form" };

    [Fact]
    public async Task After_a_restart_a_write_on_a_long_stream_starts_from_its_snapshot_and_a_replay_answers_as_the_first_time()
    {
        var dataDir = TestHub.NewDataDir();
        string firstAnswer, apiKey;
        await using (var hub = await TestHub.StartAsync(dataDir))
        {
            using var tenant = await hub.CreateTenantAsync("long");
            apiKey = tenant.ApiKey;
            using var first = await tenant.Client.PostJsonAsync("/api/v1/long/subjects/s1/consents", Consent(0), idempotencyKey: "k-0");
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            firstAnswer = await first.Content.ReadAsStringAsync();
            for (var i = 1; i < 60; i++)
                (await tenant.Client.PostJsonAsync("/api/v1/long/subjects/s1/consents", Consent(i), idempotencyKey: $"k-{i}")).EnsureSuccessStatusCode();
        }

        await using var restarted = await TestHub.StartAsync(dataDir);
        using var client = restarted.Client(apiKey);
        // The hub kept the person's state with the 50th write (how few events a write then reads is asserted by the
        // store contract: here propagation reads the stream in the background as well).
        var snapshot = await restarted.Services.GetRequiredService<SqliteEventStore>().ReadSnapshotAsync(StreamId.Subject("long", "s1"), default);
        Assert.Equal((50L, "party"), (snapshot?.Version, snapshot?.Type));
        using var write = await client.PostJsonAsync("/api/v1/long/subjects/s1/consents", Consent(60), idempotencyKey: "k-60");
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        Assert.Equal(61, (await write.JsonAsync()).GetProperty("version").GetInt64());

        using var replay = await client.PostJsonAsync("/api/v1/long/subjects/s1/consents", Consent(0), idempotencyKey: "k-0");
        Assert.Equal(firstAnswer, await replay.Content.ReadAsStringAsync());
    }
}
