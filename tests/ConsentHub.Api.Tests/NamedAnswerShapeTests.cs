using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// The answers that were anonymous objects before the routes declared typed results keep their JSON: the same
/// property names in the same order, and nothing added. The wire shape is not the store's, so one leg is enough.
public sealed class NamedAnswerShapeTests
{
    [Fact]
    public async Task Request_and_tenant_answers_keep_their_property_names_and_order()
    {
        await using var hub = await TestHub.StartAsync();
        using var tenant = await hub.CreateTenantAsync("muoto");

        using var received = await tenant.Client.PostJsonAsync("/api/v1/muoto/requests", new { subjectId = "s1", type = "access", identityVerifiedBy = "allekirjoitettu kirje" });
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var created = await received.JsonAsync();
        Assert.Equal(["id", "dueAt"], Names(created));
        var id = created.GetProperty("id").GetString()!;
        using var completed = await tenant.Client.PostAsync($"/api/v1/muoto/requests/{id}/complete", null);
        Assert.Equal(["id", "status", "dueAt", "extended"], Names(await completed.JsonAsync()));

        using var op = hub.Operator();
        using var replaced = await op.PutAsJsonAsync("/api/v1/admin/tenants/muoto", Catalogs.Tenant("muoto"));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(["tenant"], Names(await replaced.JsonAsync()));
        Assert.Equal(["tenant", "siteKeys"], Names(await op.GetJsonAsync("/api/v1/admin/tenants/muoto")));
    }

    private static string[] Names(JsonElement body) => [.. body.EnumerateObject().Select(p => p.Name)];
}
