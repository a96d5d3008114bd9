using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests.Azure;

/// Requests through the Functions app's catch-all HTTP function reach the hub's own routes, route values and all, and
/// nothing else: the routes the custom handler once kept for the host's invocations are gone.
[Collection(CosmosCollection.B)]
public sealed class CatchAllFunctionTests(CosmosServer server) : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await StoreLegs.CosmosAsync(server);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Theory]
    [InlineData("GET", "/no/such/route")]
    [InlineData("GET", "/api/v1/openapi")]
    [InlineData("POST", "/EventsChangeFeed")]
    [InlineData("POST", "/Retention")]
    [InlineData("POST", "/PropagateSendgrid")]
    public async Task An_unknown_path_is_a_problem_404(string method, string path)
    {
        using var client = _hub.Client();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Http.JsonBody("""{"Data":{}}""") });
        await response.AssertProblemAsync(404);
    }

    [Fact]
    public async Task Health_and_the_HTTP_contract_are_served_at_their_own_paths()
    {
        using var client = _hub.Client();
        var health = await client.GetJsonAsync("/health");
        Assert.Equal(("ok", "cosmos"), (health.GetProperty("status").GetString(), health.GetProperty("store").GetString()));
        var openapi = await client.GetJsonAsync("/api/v1/openapi.json");
        Assert.StartsWith("3.", openapi.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_reaches_a_route_with_its_route_values()
    {
        using var tenant = await _hub.CreateTenantAsync("catchall");
        (await tenant.Client.PutAsync("/api/v1/catchall/subjects/crm-7/contact-points", Http.JsonBody("""{"emails":["seitsemas@example.fi"]}"""))).EnsureSuccessStatusCode();

        using var response = await tenant.Client.GetAsync("/api/v1/catchall/subjects/crm-7/preferences");

        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("crm-7", body.GetProperty("subjectId").GetString());
        await (await tenant.Client.GetAsync("/api/v1/catchall/subjects/crm-8/preferences")).AssertProblemAsync(404);
    }
}
