using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.ImportKit;

namespace ConsentHub.Api.Tests;

/// A process killed while batches of several people's lines are in flight (some committed, some not, one perhaps
/// between its decision and its commit): posting the same body again writes every line exactly once, as a clean
/// import of the same body into another tenant does.
public sealed class ImportBatchRestartTests
{
    private const string T = "kaatuva", Clean = "ehja";

    [Fact]
    public async Task A_repost_after_a_kill_in_the_middle_of_batches_writes_nothing_twice()
    {
        var dir = TestHub.NewDataDir();
        string key;
        await using (var hub = await TestHub.StartAsync(dir))
            key = (await hub.CreateTenantAsync(T)).ApiKey;

        using (var process = HubProcess.Start(dir, out var baseAddress))
        {
            using var client = new HttpClient { BaseAddress = baseAddress };
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            await HubProcess.WaitHealthyAsync(client);
            var (answer, lines) = client.StreamImport(T, "kesken");
            foreach (var line in Body()) await lines.WriteAsync(line);
            await Eventually.HoldsAsync(() => client.ImportStatusOrNoneAsync(T, "kesken"), s => s?.GetProperty("written").GetInt64() > 0, what: "some lines written");
            process.Kill(entireProcessTree: true);   // SIGKILL, whatever batch is in flight
            await process.WaitForExitAsync();
            lines.Complete();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => answer);
        }

        await using var restarted = await TestHub.StartAsync(dir);
        using var again = restarted.Client(key);
        using (var resumed = await again.ImportAsync(T, "kesken", string.Concat(Body().Select(l => l + "\n"))))
        {
            var status = await resumed.CompletedAsync(again, T, "kesken");
            Assert.Equal((Body().Count(), Body().Count(), 0L), (status.GetProperty("linesRead").GetInt64(), status.GetProperty("written").GetInt64(), status.GetProperty("rejectedCount").GetInt64()));
        }
        using var clean = await restarted.CreateTenantAsync(Clean);
        using (var reference = await clean.Client.ImportAsync(Clean, "kerralla", string.Concat(Body().Select(l => l + "\n"))))
            await reference.CompletedAsync(clean.Client, Clean, "kerralla");

        Assert.Equal(await restarted.EventCountAsync(Clean), await restarted.EventCountAsync(T));
        foreach (var i in new[] { 0, 77, 199 })
            Assert.Equal((await clean.Client.HistoryAsync(Clean, $"k-{i}")).Count, (await again.HistoryAsync(T, $"k-{i}")).Count);
    }

    private static IEnumerable<string> Body() => Enumerable.Range(0, 200).SelectMany(i => new object[]
    {
        new { type = "contact-points", subjectId = $"k-{i}", emails = new[] { $"k{i}@example.fi" }, source = "crm" },
        new { type = "consent", subjectId = $"k-{i}", purpose = "market-research", channel = "email", granted = true, policyVersion = "2025-01-01", source = "crm" },
        new { type = "objection", subjectId = $"k-{i}", scope = "direct-marketing", channel = "email", source = "crm" },
    }).Select(l => JsonSerializer.Serialize(l));
}
