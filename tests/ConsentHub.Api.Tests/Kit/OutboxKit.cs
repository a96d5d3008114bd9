using System.Text.Json;
using ConsentHub.Hub.Messages;

namespace ConsentHub.Api.Tests.Kit;

public static class OutboxKit
{
    /// An e-mail as the propagation engine delivered it to the hub's outbox (tenants without a SendGrid key).
    public static async Task<HubMessage> OutboxEmailAsync(this TestHub hub, string tenant, string to, string kind)
    {
        var path = Path.Combine(hub.DataDir, "outbox", "email.jsonl");
        var line = await Eventually.HoldsAsync(
            () => Task.FromResult(File.Exists(path)
                ? File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).LastOrDefault(e =>
                    e.GetProperty("tenant").GetString() == tenant && e.GetProperty("to").GetString() == to && e.GetProperty("kind").GetString() == kind)
                : default),
            e => e.ValueKind == JsonValueKind.Object, what: $"the {kind} e-mail to {to} in the outbox");
        return new HubMessage("email", line.GetProperty("to").GetString()!, line.GetProperty("subject").GetString(), line.GetProperty("text").GetString()!,
            line.GetProperty("html").GetString(), line.GetProperty("headers").Deserialize<Dictionary<string, string>>()!, line.GetProperty("kind").GetString()!);
    }
}
