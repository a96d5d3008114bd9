using ConsentHub.Api.Tests.Kit;
using ConsentHub.Functions.Http;
using ConsentHub.Functions.Jobs;
using ConsentHub.Functions.Propagation;

namespace ConsentHub.Api.Tests.Azure;

/// The functions the worker reports to the Functions host, from the functions.metadata the Worker SDK generated into the
/// Functions app's build output: the names and triggers are the app's whole surface on the host.
public sealed class FunctionsMetadataTests
{
    private static readonly IReadOnlyList<FunctionsMetadata.Function> Functions = FunctionsMetadata.Read();

    private static FunctionsMetadata.Function Function(string name) => Assert.Single(Functions, f => f.Name == name);

    [Fact]
    public void The_worker_reports_the_catch_all_HTTP_function_and_the_timers_and_nothing_else()
    {
        string[] expected =
        [
            HubHttpFunction.Name, RetentionTimer.Name, RequestDeadlinesTimer.Name,
            // The propagation (DurableFunctionsMetadataTests checks their triggers).
            PropagationOrchestration.Orchestrator, PropagationOrchestration.Attempt, ChangeFeedSweepFunction.Name,
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_HTTP_function_is_anonymous_takes_every_method_on_every_path_and_gets_the_durable_client()
    {
        var api = Function("Api");
        var trigger = api.Trigger;
        Assert.Equal("httpTrigger", trigger.Type);
        Assert.Equal("anonymous", trigger.Text("authLevel"), ignoreCase: true);
        Assert.Equal("{*path}", trigger.Text("route"));
        Assert.Equal(["delete", "get", "head", "options", "patch", "post", "put"],
            trigger.Json.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).Order(StringComparer.Ordinal));
        Assert.Contains(api.Bindings, b => b.Type == "durableClient" && b.Direction == "In");
        Assert.Contains(api.Bindings, b => b.Type == "http" && b.Direction == "Out");
        // With the host's default `api` prefix every path of the contract would move under /api.
        Assert.Equal("", FunctionsMetadata.RoutePrefix());
    }

    [Theory]
    [InlineData("Retention", "0 15 2 * * *")]
    [InlineData("RequestDeadlines", "0 0 6 * * *")]
    public void Each_job_is_a_daily_timer(string name, string schedule)
    {
        var trigger = Function(name).Trigger;
        Assert.Equal(("timerTrigger", schedule), (trigger.Type, trigger.Text("schedule")));
    }
}
