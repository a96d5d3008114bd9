using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// What `POST …/requests` takes from the controller: a verified identity for every type, how the request came in
/// from a closed list, the person's language (default the tenant's); the hub's own values (`mailbox`,
/// `preference-center`) only the hub records.
public sealed class RequestIntakeTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private TenantHandle _fi = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _fi = await _hub.CreateTenantAsync("saapuu");
    }

    public async Task DisposeAsync()
    {
        _fi.Dispose();
        await _hub.DisposeAsync();
    }

    [Theory]
    [InlineData("access")]
    [InlineData("portability")]
    [InlineData("erasure")]
    [InlineData("rectification")]
    [InlineData("restriction")]
    [InlineData("objection")]
    public async Task Every_request_type_needs_the_way_the_identity_was_verified(string type)
    {
        var problem = await (await _fi.Client.PostJsonAsync("/api/v1/saapuu/requests", new { subjectId = "s1", type })).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("identityVerifiedBy", out _), problem.ToString());
        await (await _fi.Client.PostJsonAsync("/api/v1/saapuu/requests", new { subjectId = "s1", type, identityVerifiedBy = "  " })).AssertProblemAsync(400);
        using var ok = await _fi.Client.PostJsonAsync("/api/v1/saapuu/requests", new { subjectId = "s1", type, identityVerifiedBy = "henkilöllisyystodistus tarkistettu" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    [Theory]
    [InlineData("""{"subjectId":"s2","type":"access","identityVerifiedBy":"mailbox"}""", "identityVerifiedBy")]
    [InlineData("""{"subjectId":"s2","type":"access","identityVerifiedBy":"kirje","channel":"preference-center"}""", "channel")]
    [InlineData("""{"subjectId":"s2","type":"access","identityVerifiedBy":"kirje","channel":"carrier-pigeon"}""", "channel")]
    [InlineData("""{"subjectId":"s2","type":"access","identityVerifiedBy":"kirje","language":"de"}""", "language")]
    public async Task What_only_the_hub_may_record_and_what_is_not_on_the_lists_is_400_naming_the_field(string json, string field)
    {
        var problem = await (await _fi.Client.PostAsync("/api/v1/saapuu/requests", Http.JsonBody(json))).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_channel_and_language_are_stored_and_the_language_defaults_to_the_tenants()
    {
        using var swedish = await _hub.CreateTenantAsync("saapuu-sv", With(Catalogs.Tenant("saapuu-sv"), "sv"));
        var stated = await IdAsync(_fi.Client, "/api/v1/saapuu/requests", new { subjectId = "s3", type = "erasure", identityVerifiedBy = "allekirjoitettu kirje", channel = "letter", language = "en" });
        var unstated = await IdAsync(swedish.Client, "/api/v1/saapuu-sv/requests", new { subjectId = "s3", type = "access", identityVerifiedBy = "BankID" });

        var letter = await _fi.Client.GetJsonAsync($"/api/v1/saapuu/requests/{stated}");
        Assert.Equal(("letter", "en", "allekirjoitettu kirje"), (letter.GetProperty("channel").GetString(), letter.GetProperty("language").GetString(),
            letter.GetProperty("identityVerifiedBy").GetString()));
        var api = await swedish.Client.GetJsonAsync($"/api/v1/saapuu-sv/requests/{unstated}");
        Assert.Equal(("api", "sv"), (api.GetProperty("channel").GetString(), api.GetProperty("language").GetString()));
        var listed = (await _fi.Client.GetJsonAsync("/api/v1/saapuu/requests?subjectId=s3")).GetProperty("items")[0];
        Assert.Equal(("letter", "en"), (listed.GetProperty("channel").GetString(), listed.GetProperty("language").GetString()));
    }

    private static Dictionary<string, object?> With(object tenant, string defaultLanguage)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(tenant);
        var map = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!;
        map["defaultLanguage"] = defaultLanguage;
        return map;
    }

    private static async Task<string> IdAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }
}
