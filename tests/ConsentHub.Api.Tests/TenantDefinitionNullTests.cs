using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// A tenant definition with JSON nulls where values belong is the caller's mistake: 400 naming the field, never 500.
public sealed class TenantDefinitionNullTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Theory]
    [InlineData("purposes", "[null]", "purposes[0]")]
    [InlineData("purposes", """[{"id":null,"legalBasis":"consent","channels":["email"]}]""", "purposes[0].id")]
    [InlineData("newsletters", "[null]", "newsletters[0]")]
    [InlineData("newsletters", """[{"id":null}]""", "newsletters[0].id")]
    [InlineData("cookieCategories", "[null]", "cookieCategories[0]")]
    [InlineData("cookieCategories", """[{"id":"analytics","cookies":[null]}]""", "cookieCategories[0].cookies[0]")]
    [InlineData("banner", """{"texts":{"en":null}}""", "banner.texts.en")]
    [InlineData("id", "null", "id")]
    [InlineData("languages", "[null]", "languages[0]")]
    [InlineData("allowedOrigins", "[null]", "allowedOrigins[0]")]
    public async Task A_null_where_a_value_belongs_is_400_naming_the_field(string member, string json, string field)
    {
        var id = "nulls-" + Guid.NewGuid().ToString("N")[..8];
        var definition = JsonSerializer.SerializeToNode(Catalogs.Tenant(id))!.AsObject();
        definition[member] = JsonNode.Parse(json);
        using var op = _hub.Operator();
        var problem = await (await op.PostAsync("/api/v1/admin/tenants", Http.JsonBody(definition.ToJsonString()))).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());

        if (member == "id") return;
        using var created = await _hub.CreateTenantAsync(id);
        var replaced = await (await op.PutAsync($"/api/v1/admin/tenants/{id}", Http.JsonBody(definition.ToJsonString()))).AssertProblemAsync(400);
        Assert.True(replaced.GetProperty("errors").TryGetProperty(field, out _), replaced.ToString());
    }

    [Fact]
    public async Task A_replacement_with_a_null_id_takes_the_route_s_tenant()
    {
        using var created = await _hub.CreateTenantAsync("nulls-put");
        var definition = JsonSerializer.SerializeToNode(Catalogs.Tenant("nulls-put"))!.AsObject();
        definition["id"] = null;
        using var op = _hub.Operator();
        using var response = await op.PutAsync("/api/v1/admin/tenants/nulls-put", Http.JsonBody(definition.ToJsonString()));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
