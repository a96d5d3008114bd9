using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// `sendgrid.marketingGroupIds` in the tenant definition: the unsubscribe groups a direct-marketing ban on e-mail joins.
/// A SendGrid api key without them is refused, since a ban could then not reach SendGrid at all.
public sealed class SendGridMarketingGroupTests() : HubTest("sg-groups")
{
    private static JsonObject Definition(string id, JsonObject? sendgrid, long? weeklyGroup = null)
    {
        var tenant = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Catalogs.Tenant(id, weeklyGroup: weeklyGroup)))!.AsObject();
        tenant["sendgrid"] = sendgrid;
        return tenant;
    }

    private async Task<HttpResponseMessage> CreateAsync(JsonObject definition)
    {
        using var op = Hub.Operator();
        return await op.PostAsJsonAsync("/api/v1/admin/tenants", definition);
    }

    [Fact]
    public async Task An_api_key_without_marketing_groups_is_refused_and_nothing_is_recorded()
    {
        var before = await Hub.EventCountAsync("sg-nogroups");
        using var response = await CreateAsync(Definition("sg-nogroups", new JsonObject { ["apiKey"] = "SG.key", ["fromEmail"] = "a@example.fi" }));

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains("sendgrid.apiKey", problem.GetProperty("errors").GetProperty("sendgrid.marketingGroupIds")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await Hub.EventCountAsync("sg-nogroups"));
    }

    [Theory]
    [InlineData("[0]", "sendgrid.marketingGroupIds[0]")]
    [InlineData("[12, -3]", "sendgrid.marketingGroupIds[1]")]
    [InlineData("[3000000000]", "sendgrid.marketingGroupIds[0]")]
    public async Task A_group_id_that_is_not_a_SendGrid_group_id_is_400(string groups, string field)
    {
        using var response = await CreateAsync(Definition("sg-bad", new JsonObject { ["apiKey"] = "SG.key", ["marketingGroupIds"] = JsonNode.Parse(groups) }));

        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.ToString().Contains(field, StringComparison.Ordinal), problem.ToString());
    }

    [Fact]
    public async Task A_newsletter_keeps_its_own_group_apart_from_the_marketing_groups()
    {
        using var response = await CreateAsync(Definition("sg-shared", new JsonObject { ["apiKey"] = "SG.key", ["marketingGroupIds"] = new JsonArray(55, 66) }, weeklyGroup: 66));

        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("newsletters[0].sendgridGroupId", out _), problem.ToString());
    }

    [Fact]
    public async Task The_groups_are_kept_and_shown_back_without_the_api_key_and_a_tenant_without_a_key_needs_none()
    {
        using (var created = await CreateAsync(Definition("sg-ok", new JsonObject { ["apiKey"] = "SG.key", ["marketingGroupIds"] = new JsonArray(55, 66) })))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var outbox = await CreateAsync(Definition("sg-outbox", new JsonObject { ["fromEmail"] = "a@example.fi" })))
            Assert.Equal(HttpStatusCode.Created, outbox.StatusCode);

        using var op = Hub.Operator();
        var shown = (await op.GetJsonAsync("/api/v1/admin/tenants/sg-ok")).ToString();

        Assert.Contains("\"marketingGroupIds\":[55,66]", shown.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("SG.key", shown, StringComparison.Ordinal);
    }
}

/// A tenant stored before marketing groups were required (an api key, no groups): a ban cannot reach SendGrid, and the
/// status route says so instead of showing the task as done.
public sealed class SendGridWithoutMarketingGroupsTests
{
    [Fact]
    public async Task A_ban_is_dead_lettered_with_the_reason_and_nothing_is_sent_to_SendGrid()
    {
        await using var sendGrid = await StubServer.AlwaysAsync(202);
        await using var hub = await TestHub.StartAsync(extra: PropagationKit.Settings(sendGrid));
        using var tenant = await hub.CreateTenantAsync("sg-old");
        var stored = System.Text.Json.JsonSerializer.Deserialize<ConsentHub.Contracts.Events.TenantDefinition>(
            System.Text.Json.JsonSerializer.Serialize(Catalogs.Tenant("sg-old", sendgrid: new { apiKey = "SG.old-key", fromEmail = "vanha@example.fi" })), ConsentHub.Contracts.Json.Options)!;
        var written = await hub.Services.GetRequiredService<ConsentHub.Hub.Tenants.TenantService>().ReplaceAsync(stored, "old-definition", "old", default);
        Assert.IsType<ConsentHub.Domain.Catalog.TenantOutcome.Done>(written.Outcome);
        await tenant.ContactPointsAsync("s1", ["vanha@example.fi"]);

        await tenant.RecordAsync("subjects/s1/restriction", new { restricted = true, reason = "tarkistus" });
        var target = PropagationKit.Target(await PropagationKit.SettledAsync(tenant, 1), "restriction.changed/v1", "sendgrid");

        Assert.Equal(("dead-lettered", 1), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        Assert.Contains("marketingGroupIds", target.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(sendGrid.Requests);
    }
}
