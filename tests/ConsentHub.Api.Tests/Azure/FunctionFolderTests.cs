using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.FunctionsHost;
using Microsoft.AspNetCore.Routing;

namespace ConsentHub.Api.Tests.Azure;

/// The function folders and host.json against the handler's routes.
public sealed class FunctionFolderTests
{
    private static readonly string Root = CosmosServer.RepoRoot();

    public static Dictionary<string, JsonElement> Functions() =>
        Directory.GetDirectories(Path.Combine(Root, "functions"))
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .ToDictionary(d => Path.GetFileName(d)!, d => JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "function.json"))).RootElement.Clone());

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "in");

    [Fact]
    public async Task Every_function_json_names_a_handler_route_and_every_trigger_route_has_a_function_json()
    {
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost());
        var routes = hub.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => e.RoutePattern.RawText!.Trim('/')).ToHashSet();
        var functions = Functions();

        foreach (var (name, function) in functions.Where(f => f.Key != FunctionNames.Api))
        {
            Assert.Contains(name, routes);
            Assert.NotEqual("httpTrigger", Trigger(function).GetProperty("type").GetString());
        }
        Assert.Equal(FunctionNames.TriggerRoutes.Order(), functions.Keys.Where(k => k != FunctionNames.Api).Order());
    }

    [Fact]
    public void The_one_HTTP_function_takes_every_path_anonymously_and_answers_through_the_forwarded_response()
    {
        var api = Functions()[FunctionNames.Api];
        var trigger = Trigger(api);
        Assert.Equal(("httpTrigger", "anonymous"), (trigger.GetProperty("type").GetString(), trigger.GetProperty("authLevel").GetString()));
        Assert.StartsWith("{*path:", trigger.GetProperty("route").GetString(), StringComparison.Ordinal);   // every path but the invocation names (InvocationRouteTests)
        Assert.Contains(api.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "http" && b.GetProperty("name").GetString() == "$return");
        Assert.Equal(2, api.GetProperty("bindings").GetArrayLength());   // forwarding works only for an HTTP function with no other bindings
        Assert.Single(Functions().Values, f => Trigger(f).GetProperty("type").GetString() == "httpTrigger");
    }

    [Fact]
    public void Trigger_binding_names_are_the_ones_the_handlers_read()
    {
        var functions = Functions();
        var feed = functions[FunctionNames.EventsChangeFeed].GetProperty("bindings");
        Assert.Equal(("cosmosDBTrigger", FunctionNames.DocumentsBinding, false), (feed[0].GetProperty("type").GetString(), feed[0].GetProperty("name").GetString(),
            feed[0].GetProperty("createLeaseContainerIfNotExists").GetBoolean()));
        Assert.Equal(("events", "leases"), (feed[0].GetProperty("containerName").GetString(), feed[0].GetProperty("leaseContainerName").GetString()));
        Assert.Equal(("serviceBus", FunctionNames.PreferenceEventsBinding, "preference-events"),
            (feed[1].GetProperty("type").GetString(), feed[1].GetProperty("name").GetString(), feed[1].GetProperty("topicName").GetString()));
        foreach (var (name, kind) in FunctionNames.Propagation)
        {
            var trigger = Trigger(functions[name]);
            Assert.Equal(("serviceBusTrigger", FunctionNames.MessageBinding, "propagation", kind), (trigger.GetProperty("type").GetString(),
                trigger.GetProperty("name").GetString(), trigger.GetProperty("topicName").GetString(), trigger.GetProperty("subscriptionName").GetString()));
        }
        foreach (var name in new[] { FunctionNames.Retention, FunctionNames.RequestDeadlines })
            Assert.Equal(("timerTrigger", FunctionNames.TimerBinding), (Trigger(functions[name]).GetProperty("type").GetString(), Trigger(functions[name]).GetProperty("name").GetString()));
    }

    [Fact]
    public void Host_json_names_the_published_handler_forwards_HTTP_and_keeps_paths_as_they_are()
    {
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "host.json"))).RootElement;
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.Equal(("Microsoft.Azure.Functions.ExtensionBundle", "[4.*, 5.0.0)"),
            (host.GetProperty("extensionBundle").GetProperty("id").GetString(), host.GetProperty("extensionBundle").GetProperty("version").GetString()));
        var handler = host.GetProperty("customHandler");
        Assert.Equal("app/ConsentHub", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }
}
