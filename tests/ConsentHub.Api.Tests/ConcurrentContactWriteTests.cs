using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteConcurrentContactWriteTests : ConcurrentContactWriteTests
{
    protected override Task<TestHub> StartAsync() => TestHub.StartAsync();
}

[Collection(CosmosCollection.C)]
public sealed class CosmosServerConcurrentContactWriteTests(CosmosServer server) : ConcurrentContactWriteTests
{
    protected override Task<TestHub> StartAsync() => CosmosServerHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets());
}

[Collection(CosmosCollection.C)]
public sealed class FunctionsAppConcurrentContactWriteTests(CosmosServer server) : ConcurrentContactWriteTests
{
    protected override Task<TestHub> StartAsync() => CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets());
}

/// Many people's contact points written at once in one tenant all land, and each is listed once in the tenant's
/// change log (the suppressions feed with `after`). Every such write appends to the one change log; on Cosmos DB its
/// head is replaced under an ETag, and 64 writers at once
/// used to make the unluckiest lose every one of its 50 rounds and answer 500.
public abstract class ConcurrentContactWriteTests
{
    private const int People = 256;

    protected abstract Task<TestHub> StartAsync();

    [Fact]
    public async Task Contact_points_of_256_people_written_64_at_once_all_succeed_and_each_is_listed_in_the_change_log()
    {
        await using var hub = await StartAsync();
        using var tenant = await hub.CreateTenantAsync("ruuhka");
        var cursor = (await tenant.Client.GetJsonAsync("/api/v1/ruuhka/suppressions?channel=email&purpose=direct-marketing")).GetProperty("next").GetString()!;

        await Parallel.ForEachAsync(Enumerable.Range(0, People), new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (i, _) => await tenant.ContactPointsAsync($"r{i}", [$"ruuhka-{i}@example.fi"]));

        var listed = new List<string>();
        while (true)
        {
            var page = await tenant.Client.GetJsonAsync($"/api/v1/ruuhka/suppressions?channel=email&purpose=direct-marketing&after={Uri.EscapeDataString(cursor)}");
            var items = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("contact").GetString()!).ToList();
            if (items.Count == 0) break;
            listed.AddRange(items);
            cursor = page.GetProperty("next").GetString()!;
        }
        Assert.Equal(Enumerable.Range(0, People).Select(i => $"ruuhka-{i}@example.fi").Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }
}
