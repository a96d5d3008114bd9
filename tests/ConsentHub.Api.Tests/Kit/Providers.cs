using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Feed;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Api.Tests.Kit;

/// The test catalog with provider connections, and the hub's view of its events, for the webhook tests.
public static class Providers
{
    public const int WeeklyGroup = 12345;
    public const int OffersGroup = 777;

    public static JsonObject Tenant(string id, string? sendgridPublicKey = null, string? twilioAuthToken = null, string defaultLanguage = "fi")
    {
        var tenant = JsonSerializer.SerializeToNode(Catalogs.Tenant(id))!.AsObject();
        tenant["defaultLanguage"] = defaultLanguage;
        tenant["newsletters"] = new JsonArray(
            new JsonObject { ["id"] = "weekly", ["doubleOptIn"] = true, ["sendgridGroupId"] = WeeklyGroup },
            new JsonObject { ["id"] = "offers", ["doubleOptIn"] = false, ["sendgridGroupId"] = OffersGroup });
        if (sendgridPublicKey is not null)
            tenant["sendgrid"] = new JsonObject { ["apiKey"] = "SG.test-key", ["fromEmail"] = "uutiset@example.fi", ["webhookPublicKey"] = sendgridPublicKey,
                ["marketingGroupIds"] = new JsonArray([.. Catalogs.MarketingGroups.Select(g => JsonValue.Create(g))]) };
        if (twilioAuthToken is not null)
            tenant["twilio"] = new JsonObject { ["accountSid"] = "AC00000000000000000000000000000000", ["authToken"] = twilioAuthToken, ["from"] = "+358401110000" };
        return tenant;
    }

    /// Creates the tenant, then replaces its definition with `definition` (the way an operator connects providers).
    public static async Task<TenantHandle> CreateTenantAsync(this TestHub hub, string id, JsonObject definition)
    {
        var handle = await hub.CreateTenantAsync(id);
        using var op = hub.Operator();
        using var response = await op.PutAsJsonAsync($"/api/v1/admin/tenants/{id}", definition);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return handle;
    }

    /// Every event of the tenant's people, decoded, in commit order.
    public static async Task<List<LedgerEvent>> LedgerEventsAsync(this TestHub hub, string tenant)
    {
        var stored = await hub.Services.GetRequiredService<IEventFeed>().ReadAllAsync(0, 10_000, tenant, default);
        return [.. stored.Where(s => s.Stream.IsSubject || s.Stream.IsContact).Select(s => EventCodec.Decode<LedgerEvent>(s.Type, s.Data))];
    }

    /// The latest event of a subject as the propagation hands it to its targets.
    public static async Task<ChangeContext> LatestChangeAsync(this TestHub hub, string tenant, string subjectId)
    {
        var stored = (await hub.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamId.Subject(tenant, subjectId), default)).Events[^1];
        return (await hub.Services.GetRequiredService<ChangeContexts>().BuildAsync(stored, default))!;
    }
}
