using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqliteRequestDeadlineJobTests() : RequestDeadlineJobTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.C)]
public sealed class CosmosRequestDeadlineJobTests(CosmosServer server) : RequestDeadlineJobTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.C)]
public sealed class CosmosServerRequestDeadlineJobTests(CosmosServer server) : RequestDeadlineJobTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// The deadline job of the data subject requests: the Functions app's timer, and the job itself on the server.
public abstract class RequestDeadlineJobTests() : StoreHubTest("dsr")
{
    [Fact]
    public async Task The_deadline_job_finds_the_open_requests_past_their_deadline_in_every_tenant()
    {
        using var other = await Hub.CreateTenantAsync("dsr-late");
        var received = DateTimeOffset.UtcNow.AddMonths(-2).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var overdue = await other.Client.PostJsonAsync("/api/v1/dsr-late/requests", new { subjectId = "late-1", type = "access", receivedAt = received, identityVerifiedBy = "allekirjoitettu kirje" });
        var overdueId = (await overdue.JsonAsync()).GetProperty("id").GetString()!;
        using var closed = await other.Client.PostJsonAsync("/api/v1/dsr-late/requests", new { subjectId = "late-2", type = "access", receivedAt = received, identityVerifiedBy = "allekirjoitettu kirje" });
        var closedId = (await closed.JsonAsync()).GetProperty("id").GetString()!;
        (await other.Client.PostAsync($"/api/v1/dsr-late/requests/{closedId}/complete", null)).EnsureSuccessStatusCode();
        using var fresh = await Client.PostJsonAsync("/api/v1/dsr/requests", new { subjectId = "fresh-1", type = "access", identityVerifiedBy = "allekirjoitettu kirje" });
        var freshId = (await fresh.JsonAsync()).GetProperty("id").GetString()!;

        var run = await RequestDeadlinesAsync();

        Assert.Contains(run.Lines, l => l.StartsWith($"dsr-late: request {overdueId} (access)", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Lines, l => l.Contains(closedId, StringComparison.Ordinal) || l.Contains(freshId, StringComparison.Ordinal));
        Assert.True(run.Count >= 1);
    }
}
