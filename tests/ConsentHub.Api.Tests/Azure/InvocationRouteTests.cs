using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.FunctionsHost;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ConsentHub.Api.Tests.Azure;

/// The routes the Functions host invokes are nobody else's: absent in the embedded run, unreachable through the
/// public HTTP function, and refused when a request shows it was forwarded from it.
public sealed class InvocationRouteTests
{
    private const string Timer = """{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""";

    public static TheoryData<string> Routes() => [.. FunctionNames.TriggerRoutes];

    [Fact]
    public async Task The_embedded_hub_answers_404_on_every_invocation_route()
    {
        await using var hub = await TestHub.StartAsync();
        using var client = hub.HostClient();   // even with the host's headers
        foreach (var route in FunctionNames.TriggerRoutes)
        {
            using var response = await client.PostAsync("/" + route, Http.JsonBody(Timer));
            await response.AssertProblemAsync(404);
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void The_public_HTTP_function_does_not_match_an_invocation_name_in_any_case(string route)
    {
        var constraint = CatchAllConstraint();
        foreach (var path in new[] { route, route.ToLowerInvariant(), route.ToUpperInvariant(), route + "/" })
            Assert.False(Matches(constraint, path), $"the catch-all would forward /{path}");
    }

    [Theory]
    [InlineData("api/v1/kauppa/subjects/s1/preferences")]
    [InlineData("u/abc")]
    [InlineData("health")]
    [InlineData("RetentionPolicy")]
    [InlineData("api/v1/retention")]
    public void The_public_HTTP_function_still_forwards_every_other_path(string path) =>
        Assert.True(Matches(CatchAllConstraint(), path));

    [Fact]
    public async Task Under_the_host_an_invocation_forwarded_from_the_public_function_is_refused()
    {
        await using var hub = await TestHub.StartAsync(extra: FunctionsHostKit.UnderHost());
        using (var host = hub.HostClient())
            Assert.True((await host.PostAsync("/Retention", Http.JsonBody(Timer))).IsSuccessStatusCode);

        using var anonymous = hub.Client();   // no invocation id: not the host
        await (await anonymous.PostAsync("/Retention", Http.JsonBody(Timer))).AssertProblemAsync(404);

        // Forwarded: the caller's own invocation id is kept and the host appends its own, so there are two.
        using var twice = new HttpRequestMessage(HttpMethod.Post, "/RequestDeadlines") { Content = Http.JsonBody(Timer) };
        twice.Headers.Add("X-Azure-Functions-InvocationId", [Guid.NewGuid().ToString(), Guid.NewGuid().ToString()]);
        await (await anonymous.SendAsync(twice)).AssertProblemAsync(404);

        // Forwarded: the public request's Host header travels with it.
        using var publicHost = new HttpRequestMessage(HttpMethod.Post, "/Retention") { Content = Http.JsonBody(Timer) };
        publicHost.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        publicHost.Headers.Host = "consenthub.azurewebsites.net";
        await (await anonymous.SendAsync(publicHost)).AssertProblemAsync(404);
    }

    private static RegexRouteConstraint CatchAllConstraint()
    {
        var route = FunctionFolderTests.Functions()[FunctionNames.Api].GetProperty("bindings")[0].GetProperty("route").GetString()!;
        var parameter = RoutePatternFactory.Parse(route).Parameters.Single();
        Assert.True(parameter.IsCatchAll);
        var policy = Assert.Single(parameter.ParameterPolicies).Content!;
        Assert.StartsWith("regex(", policy, StringComparison.Ordinal);
        return new RegexRouteConstraint(policy["regex(".Length..^1]);
    }

    private static bool Matches(RegexRouteConstraint constraint, string path) =>
        constraint.Match(null, null, "path", new RouteValueDictionary { ["path"] = path }, RouteDirection.IncomingRequest);
}
