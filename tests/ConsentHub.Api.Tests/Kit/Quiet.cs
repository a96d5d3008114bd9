using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests.Kit;

public static class Quiet
{
    /// Waits until the embedded hub has no work left for this tenant: the propagation starter has read the feed to its
    /// end and no propagation is pending. A restart case stops the hub only then, so what the next start reads is what
    /// start-up itself costs, not a propagation the stop interrupted and the next start resumes.
    public static async Task PropagationsAsync(TestHub hub, TenantHandle tenant)
    {
        var checkpoints = hub.Services.GetRequiredService<ICheckpointStore>();
        var feed = hub.Services.GetRequiredService<SqliteEventStore>();
        await Eventually.HoldsAsync(async () => (await feed.ReadAllAsync(await checkpoints.ReadAsync(PropagationStarter.CheckpointName, default), 1, null, default)).Count,
            left => left == 0, what: "propagations started");
        await Eventually.HoldsAsync(async () => (await tenant.Client.GetJsonAsync($"/api/v1/{tenant.Id}/propagations?status=pending")).GetProperty("items").GetArrayLength(),
            pending => pending == 0, what: "propagations finished");
    }
}
