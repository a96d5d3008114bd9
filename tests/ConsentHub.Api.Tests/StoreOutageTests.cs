using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentHub.Api.Tests;

[Collection(CosmosCollection.B)]
public sealed class CosmosServerStoreOutageTests(CosmosServer server) : StoreOutageTests(server)
{
    protected override Task<TestHub> StartAsync(CosmosHttp http) =>
        CosmosServerHub.StartAsync(Server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), services: s => s.AddSingleton(http));
}

[Collection(CosmosCollection.C)]
public sealed class FunctionsAppStoreOutageTests(CosmosServer server) : StoreOutageTests(server)
{
    protected override Task<TestHub> StartAsync(CosmosHttp http) =>
        CosmosHub.StartAsync(Server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), services: s => s.AddSingleton(http));
}

/// A Cosmos DB account that throttles, fails or cannot be reached beyond the SDK's own retries: a write answers 503
/// problem+json with Retry-After (a sound request the caller may repeat), never a 500, and the same write succeeds
/// once the account answers again. The fault sits in the HTTP client between the hub and the Cosmos-compatible server,
/// since an account cannot be made to throttle here.
public abstract class StoreOutageTests(CosmosServer server)
{
    protected CosmosServer Server => server;

    protected abstract Task<TestHub> StartAsync(CosmosHttp http);

    public static TheoryData<string> Faults => ["503", "429", "500", "unreachable"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_write_while_the_account_fails_answers_503_with_Retry_After_and_succeeds_once_it_answers(string fault)
    {
        var faults = new FaultyAccount(server.Handler());
        await using var hub = await StartAsync(new CosmosHttp(() => new HttpClient(faults, disposeHandler: false)));
        using var tenant = await hub.CreateTenantAsync("outage");
        await tenant.ContactPointsAsync("before", ["ennen@example.fi"]);

        faults.Fault = fault;
        using (var refused = await PutContactPointsAsync(tenant, "during", "aikana@example.fi"))
        {
            var problem = await refused.AssertProblemAsync(503);
            Assert.Equal("5", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("store", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Cosmos", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        using (var refused = await tenant.Client.PostJsonAsync("/api/v1/outage/subjects/before/objections", new { scope = "direct-marketing", channel = "email" }))
            await refused.AssertProblemAsync(503);

        faults.Fault = null;
        using (var accepted = await PutContactPointsAsync(tenant, "during", "aikana@example.fi"))
            Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        await tenant.RecordAsync("subjects/before/objections", new { scope = "direct-marketing", channel = "email" });
        var answers = await tenant.Client.CheckAsync("outage", "direct-marketing", "email", "ennen@example.fi", "aikana@example.fi");
        Assert.Equal([(false, "direct-marketing-prohibited"), (true, "no-objection")], answers);
    }

    private static Task<HttpResponseMessage> PutContactPointsAsync(TenantHandle tenant, string subject, string email) =>
        tenant.Client.PutAsync($"/api/v1/{tenant.Id}/subjects/{subject}/contact-points",
            Http.JsonBody(JsonSerializer.Serialize(new { emails = new[] { email }, phones = Array.Empty<string>() })));

    /// Passes every request on, except document requests while `Fault` names a failure: then answers that status (with
    /// a short retry hint, as the account does when throttling) or refuses the connection.
    private sealed class FaultyAccount(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public volatile string? Fault;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var fault = Fault;
            if (fault is null || request.RequestUri?.AbsolutePath.Contains("/docs", StringComparison.Ordinal) != true)
                return base.SendAsync(request, cancellationToken);
            if (fault == "unreachable") throw new HttpRequestException("Connection refused (127.0.0.1)", null, HttpStatusCode.ServiceUnavailable);
            var status = (HttpStatusCode)int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture);
            var answer = new HttpResponseMessage(status)
            {
                RequestMessage = request,
                Content = new StringContent($$"""{"code":"{{status}}","message":"fault"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            answer.Headers.Add("x-ms-retry-after-ms", "1");
            answer.Headers.Add("x-ms-activity-id", Guid.NewGuid().ToString());
            return Task.FromResult(answer);
        }
    }
}
