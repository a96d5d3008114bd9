using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using Microsoft.Data.Sqlite;
using static ConsentHub.Api.Tests.Kit.ImportKit;

namespace ConsentHub.Api.Tests;

/// An import cut short (the process killed, or the connection dropped, then a restart) shows as failed and interrupted
/// with how far it got, and posting the same body again with the same id resumes it without writing anything twice.
public sealed class ImportRestartTests
{
    private const string T = "keskeytys";

    [Fact]
    public async Task An_import_cut_short_by_a_killed_process_shows_how_far_it_got_and_resumes_without_writing_twice()
    {
        var dir = TestHub.NewDataDir();
        string key;
        await using (var hub = await TestHub.StartAsync(dir))
            key = (await hub.CreateTenantAsync(T)).ApiKey;

        using (var process = HubProcess.Start(dir, out var baseAddress, new Dictionary<string, string> { ["ConsentHub__Imports__SaveInterval"] = "00:00:00.050" }))
        {
            using var client = new HttpClient { BaseAddress = baseAddress };
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            await HubProcess.WaitHealthyAsync(client);
            var (answer, lines) = client.StreamImport(T, "kaatuu");
            foreach (var line in Body(0, 30)) await lines.WriteAsync(line);
            await Eventually.HoldsAsync(() => client.ImportStatusOrNoneAsync(T, "kaatuu"), s => s?.GetProperty("written").GetInt64() == 30, what: "30 lines written");
            // Both counts, saved together: a save made while the last lines were still being written holds fewer written.
            await Eventually.HoldsAsync(() => Task.FromResult(SavedProgress(dir, "kaatuu")), saved => saved == (30, 30), what: "the progress saved");
            process.Kill(entireProcessTree: true);   // SIGKILL: the import never hears of its end
            await process.WaitForExitAsync();
            lines.Complete();   // the rest of the body meets a closed connection
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => answer);
        }

        await using var restarted = await TestHub.StartAsync(dir);
        using var again = restarted.Client(key);
        var cut = await again.ImportStatusAsync(T, "kaatuu");
        Assert.Equal(("failed", 30, 30), (cut.GetProperty("status").GetString(), cut.GetProperty("linesRead").GetInt64(), cut.GetProperty("written").GetInt64()));
        Assert.StartsWith("interrupted", cut.GetProperty("error").GetString());

        await AssertResumesAsync(restarted, again);
    }

    /// The resuming the Functions app does on Cosmos DB, after the caller's connection dropped mid-body and a restart.
    [Collection(CosmosCollection.C)]
    public sealed class OnCosmos(CosmosServer server)
    {
        [Fact]
        public async Task An_import_whose_connection_dropped_resumes_after_a_restart() => await DroppedAsync(server);
    }

    private static async Task DroppedAsync(CosmosServer server)
    {
        var database = CosmosServer.NewDatabase();
        var secrets = CosmosHub.NewSecrets();
        string key;
        await using (var hub = await CosmosHub.StartAsync(server, database, secrets))
        {
            using var tenant = await hub.CreateTenantAsync(T);
            key = tenant.ApiKey;
            using var dropped = new CancellationTokenSource();
            var (answer, lines) = tenant.Client.StreamImport(T, "kaatuu", dropped.Token);
            foreach (var line in Body(0, 30)) await lines.WriteAsync(line);
            await Eventually.HoldsAsync(() => tenant.Client.ImportStatusOrNoneAsync(T, "kaatuu"), s => s?.GetProperty("written").GetInt64() == 30, what: "30 lines written");
            await dropped.CancelAsync();
            lines.Complete();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer);
            await Eventually.HoldsAsync(() => tenant.Client.ImportStatusAsync(T, "kaatuu"), s => s.GetProperty("status").GetString() == "failed", what: "the import failed");
        }

        await using var restarted = await CosmosHub.StartAsync(server, database, secrets);
        using var again = restarted.Client(key);
        var cut = await again.ImportStatusAsync(T, "kaatuu");
        Assert.Equal(("failed", 30), (cut.GetProperty("status").GetString(), cut.GetProperty("written").GetInt64()));
        Assert.StartsWith("interrupted", cut.GetProperty("error").GetString());

        await AssertResumesAsync(restarted, again);
    }

    private static async Task AssertResumesAsync(TestHub hub, HttpClient client)
    {
        var before = await hub.EventCountAsync(T);
        using var resumed = await client.ImportAsync(T, "kaatuu", string.Concat(Body(0, 40).Select(l => l + "\n")));
        var status = await resumed.CompletedAsync(client, T, "kaatuu");
        Assert.Equal((40, 40, 30), (status.GetProperty("linesRead").GetInt64(), status.GetProperty("written").GetInt64(), status.GetProperty("replayed").GetInt64()));
        Assert.Equal(before + 10, await hub.EventCountAsync(T));   // only the ten lines the cut import never reached
        for (var i = 0; i < 40; i += 7) Assert.Single(await client.HistoryAsync(T, $"cut-{i}"));
    }

    private static IEnumerable<string> Body(int from, int to) => Enumerable.Range(from, to - from)
        .Select(i => JsonSerializer.Serialize(new { type = "objection", subjectId = $"cut-{i}", scope = "direct-marketing", channel = "email", source = "crm" }));

    /// The import's progress as saved in the SQLite file, read from outside while the process runs.
    private static (long Read, long Written) SavedProgress(string dataDir, string id)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDir, "consenthub.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM views WHERE tenant = $tenant AND kind = 'import' AND key = $id";
        command.Parameters.AddWithValue("$tenant", T);
        command.Parameters.AddWithValue("$id", id);
        if (command.ExecuteScalar() is not string body) return (-1, -1);
        var saved = JsonDocument.Parse(body).RootElement;
        return (saved.GetProperty("linesRead").GetInt64(), saved.GetProperty("written").GetInt64());
    }
}
