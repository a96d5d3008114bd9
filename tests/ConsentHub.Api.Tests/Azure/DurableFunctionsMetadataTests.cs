using System.Reflection;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Functions.Propagation;

namespace ConsentHub.Api.Tests.Azure;

/// The Functions app's generated functions.metadata (what the host indexes) holds the propagation's orchestrator,
/// its activity and the change-feed sweep timer, with the triggers the Durable extension and the timer expect.
public sealed class DurableFunctionsMetadataTests
{
    /// The metadata of the build these tests run against (same configuration).
    private static Dictionary<string, JsonElement> Functions()
    {
        var configuration = typeof(DurableFunctionsMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var path = Path.Combine(CosmosServer.RepoRoot(), "functions", "ConsentHub.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build functions/ConsentHub.Functions -c {configuration}");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
    }

    private static List<(string? Type, string? Direction)> Bindings(JsonElement function) =>
        [.. function.GetProperty("bindings").EnumerateArray().Select(b => (b.GetProperty("type").GetString(), b.GetProperty("direction").GetString()))];

    [Fact]
    public void The_orchestrator_and_its_activity_are_functions_with_Durable_triggers()
    {
        var functions = Functions();

        Assert.Equal([("orchestrationTrigger", "In")], Bindings(functions[PropagationOrchestration.Orchestrator]));
        Assert.Equal([("activityTrigger", "In")], Bindings(functions[PropagationOrchestration.Attempt]));
    }

    [Fact]
    public void The_change_feed_sweep_is_a_timer_on_its_setting_with_a_Durable_client()
    {
        var sweep = Functions()[ChangeFeedSweepFunction.Name];

        Assert.Equal([("timerTrigger", "In"), ("durableClient", "In")], Bindings(sweep));
        var timer = sweep.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal($"%{ChangeFeedSweepFunction.ScheduleSetting}%", timer.GetProperty("schedule").GetString());
    }
}
