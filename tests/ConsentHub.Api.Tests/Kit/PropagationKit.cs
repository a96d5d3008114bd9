using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentHub.Api.Tests.Kit;

/// The hub against stand-ins of its providers: a tenant connected to SendGrid (marketing groups, two newsletters with
/// their own groups) and Twilio, and the propagation status route read until the changes have settled.
public static class PropagationKit
{
    public const long WeeklyGroup = 12345;
    public const long OffersGroup = 777;

    public static Dictionary<string, string?> Settings(StubServer? sendGrid = null, StubServer? twilio = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConsentHub:Propagation:MaxAttempts"] = "3",
            ["ConsentHub:Propagation:BaseDelay"] = "00:00:00.050",
        };
        if (sendGrid is not null) settings["ConsentHub:SendGrid:BaseUrl"] = sendGrid.BaseAddress.ToString();
        if (twilio is not null) settings["ConsentHub:Twilio:BaseUrl"] = twilio.BaseAddress.ToString();
        return settings;
    }

    /// The test catalog with SendGrid and Twilio connected and the lists `weekly` (double opt-in) and `offers`.
    public static JsonObject ConnectedTenant(string id)
    {
        var tenant = JsonSerializer.SerializeToNode(Catalogs.Tenant(id, sendgrid: Catalogs.SendGrid, twilio: Catalogs.Twilio))!.AsObject();
        tenant["newsletters"] = new JsonArray(
            new JsonObject { ["id"] = "weekly", ["doubleOptIn"] = true, ["sendgridGroupId"] = WeeklyGroup },
            new JsonObject { ["id"] = "offers", ["doubleOptIn"] = false, ["sendgridGroupId"] = OffersGroup });
        return tenant;
    }

    /// Waits until the tenant has at least `count` propagations and every one of them has completed.
    public static Task<JsonElement> SettledAsync(TenantHandle tenant, int count) =>
        Eventually.HoldsAsync(() => tenant.Client.GetJsonAsync($"/api/v1/{tenant.Id}/propagations?limit=1000"),
            body => body.GetProperty("items").GetArrayLength() >= count
                && body.GetProperty("items").EnumerateArray().All(i => i.GetProperty("completed").GetBoolean()), what: $"{count} propagations settled");

    /// The state of one target in the propagation of the change of this type (the latest such change).
    public static JsonElement Target(JsonElement propagations, string changeType, string target) =>
        propagations.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("changeType").GetString() == changeType)
            .OrderByDescending(i => i.GetProperty("startedAt").GetDateTimeOffset()).First()
            .GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString() == target);

    public static async Task RecordAsync(this TenantHandle tenant, string path, object body)
    {
        using var response = await tenant.Client.PostJsonAsync($"/api/v1/{tenant.Id}/{path}", body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task ContactPointsAsync(this TenantHandle tenant, string subject, string[] emails, string[]? phones = null)
    {
        using var response = await tenant.Client.PutAsync($"/api/v1/{tenant.Id}/subjects/{subject}/contact-points",
            Http.JsonBody(JsonSerializer.Serialize(new { emails, phones = phones ?? [] })));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
