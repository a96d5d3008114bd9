using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Functions.Durable;
using ConsentHub.Functions.Propagation;
using ConsentHub.Hub.ChangeFeed;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace ConsentHub.Api.Tests.Azure;

/// The propagation as the Functions app runs it: a Durable orchestration per change (under
/// Microsoft.DurableTask.InProcessTestHost), its activity running the hub's runner over a hub on Cosmos DB built as
/// the Functions app builds it, a CRM webhook subscription pointed at a stub that scripts its answers. What a caller
/// sees comes from the propagation stream through the status route; the orchestration's own state is checked beside.
[Collection(CosmosCollection.A)]
public sealed class PropagationOrchestrationTests(CosmosServer server) : IAsyncLifetime
{
    private const string Tenant = "kesto";
    private const int MaxAttempts = 3;
    private TestHub _hub = null!;
    private DurableTaskTestHost _durable = null!;
    private TenantHandle _tenant = null!;

    /// Whether the write path hands the Durable client to the hub (the HTTP function always does; a test may not).
    private bool _writePathHasClient = true;

    private DurableTaskClient Durable => _durable.Client;

    public async Task InitializeAsync()
    {
        var settings = CosmosHub.Settings(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets());
        settings["ConsentHub:Webhooks:AllowPrivateNetworks"] = "true";
        settings["ConsentHub:Webhooks:RequireHttps"] = "false";
        settings["ConsentHub:Webhooks:TimeoutSeconds"] = "2";
        // Small, so the durable timers of a backoff are short; the CRM's Retry-After is longer than any of them.
        settings["ConsentHub:Propagation:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["ConsentHub:Propagation:BaseDelay"] = "00:00:00.100";
        settings["ConsentHub:Propagation:MaxDelay"] = "00:00:00.400";
        _hub = await TestHub.StartAsync(extra: settings, services: s => s.AddSingleton(server.Http),
            configure: b => DurablePropagationKit.AsFunctionsApp(b, () => _writePathHasClient ? _durable?.Client : null));
        _durable = await DurablePropagationKit.StartAsync(_hub.Services);
        _tenant = await _hub.CreateTenantAsync(Tenant);
    }

    public async Task DisposeAsync()
    {
        _tenant?.Dispose();
        await _durable.DisposeAsync();
        await _hub.DisposeAsync();
    }

    private async Task<string> SubscribeAsync(StubServer crm)
    {
        using var response = await _tenant.Client.PostJsonAsync($"/api/v1/{Tenant}/subscriptions",
            new { url = new Uri(crm.BaseAddress, "/hooks").ToString(), types = new[] { "consenthub.objection.recorded.v1" } });
        var body = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return "webhook:" + body.GetProperty("id").GetString();
    }

    private async Task ObjectAsync(string subjectId) =>
        (await _tenant.Client.PostJsonAsync($"/api/v1/{Tenant}/subjects/{subjectId}/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();

    /// The subject's one propagation once the status route shows it completed.
    private Task<JsonElement> SettledAsync(string subjectId) =>
        Eventually.HoldsAsync(async () => (await _tenant.Client.GetJsonAsync($"/api/v1/{Tenant}/propagations?subjectId={subjectId}")).GetProperty("items"),
            items => items.GetArrayLength() == 1 && items[0].GetProperty("completed").GetBoolean(), TimeSpan.FromSeconds(30), "the propagation settled");

    private async Task<JsonElement> PropagationOfAsync(string subjectId) =>
        (await _tenant.Client.GetJsonAsync($"/api/v1/{Tenant}/propagations?subjectId={subjectId}")).GetProperty("items");

    private static JsonElement Target(JsonElement item, string target) =>
        item.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString() == target);

    private static (string? Status, int Attempts) StateOf(JsonElement target) =>
        (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32());

    /// The orchestration of the propagation, once it has completed, with its custom status.
    private async Task<(OrchestrationMetadata Instance, Dictionary<string, TargetProgress> Progress)> OrchestrationOfAsync(JsonElement item)
    {
        var id = DurablePropagationKit.InstanceOf(Tenant, item.GetProperty("id").GetString()!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var instance = await Durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        return (instance, instance.ReadCustomStatusAs<Dictionary<string, TargetProgress>>()!);
    }

    [Fact]
    public async Task A_change_the_CRM_accepts_succeeds_at_the_first_attempt()
    {
        await using var crm = await StubServer.AlwaysAsync(200);
        var webhook = await SubscribeAsync(crm);

        await ObjectAsync("s1");

        var item = (await SettledAsync("s1"))[0];
        Assert.Equal(("succeeded", 1), StateOf(Target(item, webhook)));
        Assert.Single(crm.Requests);
        var (instance, progress) = await OrchestrationOfAsync(item);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(new TargetProgress("succeeded", 1, null), progress[webhook]);
    }

    [Fact]
    public async Task A_CRM_that_fails_twice_is_retried_on_durable_timers_until_it_accepts()
    {
        await using var crm = await StubServer.StartAsync((_, n) => n <= 2 ? (500, null, "down") : (200, null, "{}"));
        var webhook = await SubscribeAsync(crm);

        await ObjectAsync("s2");

        var item = (await SettledAsync("s2"))[0];
        Assert.Equal(("succeeded", 3), StateOf(Target(item, webhook)));
        Assert.Equal(3, crm.Requests.Count);
        Assert.Equal(new TargetProgress("succeeded", 3, null), (await OrchestrationOfAsync(item)).Progress[webhook]);
    }

    [Fact]
    public async Task A_CRM_that_always_fails_is_dead_lettered_after_the_configured_attempts()
    {
        await using var crm = await StubServer.AlwaysAsync(503);
        var webhook = await SubscribeAsync(crm);

        await ObjectAsync("s3");

        var item = (await SettledAsync("s3"))[0];
        var target = Target(item, webhook);
        Assert.Equal(("dead-lettered", MaxAttempts), StateOf(target));
        Assert.Contains("503", target.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(MaxAttempts, crm.Requests.Count);
        var (instance, progress) = await OrchestrationOfAsync(item);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal("dead-lettered", progress[webhook].Status);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_no_sooner_than_the_CRM_asked()
    {
        // Retry-After: 2 s, while the backoff alone would wait at most 0.1 s.
        await using var crm = await StubServer.StartAsync((_, n) => n == 1
            ? (429, new Dictionary<string, string> { ["Retry-After"] = "2" }, "slow down")
            : (200, null, "{}"));
        var webhook = await SubscribeAsync(crm);

        await ObjectAsync("s4");

        var item = (await SettledAsync("s4"))[0];
        Assert.Equal(("succeeded", 2), StateOf(Target(item, webhook)));
        var requests = crm.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {requests[1].At - requests[0].At}");
    }

    [Fact]
    public async Task A_permanent_refusal_is_dead_lettered_at_once()
    {
        await using var crm = await StubServer.AlwaysAsync(400);
        var webhook = await SubscribeAsync(crm);

        await ObjectAsync("s5");

        var item = (await SettledAsync("s5"))[0];
        var target = Target(item, webhook);
        Assert.Equal(("dead-lettered", 1), StateOf(target));
        Assert.Contains("400", target.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Single(crm.Requests);
        Assert.Equal(new TargetProgress("dead-lettered", 1, null), (await OrchestrationOfAsync(item)).Progress[webhook]);
    }

    [Fact]
    public async Task The_sweep_starts_a_change_the_write_path_missed_and_no_start_runs_it_twice()
    {
        await using var crm = await StubServer.AlwaysAsync(200);
        var webhook = await SubscribeAsync(crm);
        _writePathHasClient = false;   // the write commits, but its start finds no Durable client

        await ObjectAsync("s6");

        var pending = Assert.Single((await PropagationOfAsync("s6")).EnumerateArray());   // recorded, not running
        Assert.Equal(("pending", 0), StateOf(Target(pending, webhook)));
        var id = DurablePropagationKit.InstanceOf(Tenant, pending.GetProperty("id").GetString()!);
        Assert.Null(await Durable.GetInstanceAsync(id));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Empty(crm.Requests);

        var sweep = await SweepAsync();
        Assert.True(sweep is { Leased: true, CaughtUp: true } && sweep.Commits > 0, $"{sweep}");
        var item = (await SettledAsync("s6"))[0];
        Assert.Equal(("succeeded", 1), StateOf(Target(item, webhook)));
        var (first, _) = await OrchestrationOfAsync(item);

        // Again from the beginning of the feed (its continuation forgotten), and a second start from the write path's starter:
        // the completed instance is found and not run again.
        var cosmos = _hub.Services.GetRequiredService<CosmosContainers>();
        using (await cosmos.Leases.DeleteItemStreamAsync(ChangeFeedSweep.LeaseId, new PartitionKey(ChangeFeedSweep.LeaseId))) { }
        Assert.True((await SweepAsync()) is { Leased: true, CaughtUp: true, Commits: > 0 });
        var (again, _) = await OrchestrationOfAsync(item);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Single(crm.Requests);
        Assert.Equal(first.CreatedAt, again.CreatedAt);
        Assert.Equal(first.LastUpdatedAt, again.LastUpdatedAt);
        Assert.Equal(("succeeded", 1), StateOf(Target((await PropagationOfAsync("s6"))[0], webhook)));
    }

    /// The sweep timer's work, in a flow holding the Durable client as the timer function's binding hands it.
    private async Task<SweepOutcome> SweepAsync()
    {
        var function = ActivatorUtilities.CreateInstance<ChangeFeedSweepFunction>(_hub.Services);
        return await Task.Run(async () =>
        {
            _hub.Services.GetRequiredService<DurableClientAccessor>().Client = Durable;
            return await function.SweepAsync(CancellationToken.None);
        });
    }
}
