using System.Text.Json;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Api.Tests.Kit;

/// What the hub's store holds, read alike on both stores: a capability test asks it the same question on every leg
/// (how many events a tenant has, whether a text is anywhere in clear) and each store answers from what it keeps.
public static class StoreContents
{
    /// How many events the store holds for a tenant, propagation bookkeeping aside (to show that a refused request
    /// recorded nothing): SQLite's global feed, or every commit document of Cosmos DB's events container.
    public static async Task<int> EventCountAsync(TestHub hub, string tenant)
    {
        if (hub.Services.GetService<IEventFeed>() is { } feed)
            return (await feed.ReadAllAsync(0, 100_000, tenant, CancellationToken.None)).Count(e => !IsPropagation(e.Stream));
        var commits = (await DocumentsAsync(hub.Services.GetRequiredService<CosmosContainers>().Events))
            .Where(CommitDocument.IsCommit).Select(CommitDocument.FromJson);
        return commits.Where(c => c.Stream.Tenant == tenant && !IsPropagation(c.Stream)).Sum(c => c.Events.Count);
    }

    /// Whether the text is anywhere in clear in what the store keeps, as anyone with the disk or the database sees it:
    /// SQLite's file and WAL, or every document of Cosmos DB's events, views and keys containers.
    public static async Task<bool> ContainsAsync(TestHub hub, string text)
    {
        if (hub.Services.GetService<CosmosContainers>() is not { } cosmos)
            return StoreFiles.Contains(await StoreFiles.ReadAllBytesAsync(hub.DataDir), text);
        foreach (var container in new[] { cosmos.Events, cosmos.Views, cosmos.Keys })
            if ((await DocumentsAsync(container)).Any(d => d.GetRawText().Contains(text, StringComparison.Ordinal) || Strings(d).Any(s => s.Contains(text, StringComparison.Ordinal))))
                return true;
        return false;
    }

    /// Every string in a document, unescaped: JSON may store a text with escapes its raw form does not match.
    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    /// The stream of an e-mail address of a tenant (its own contact-point stream), named as the hub names it.
    public static StreamId ContactStream(TestHub hub, string tenant, string email)
    {
        Assert.True(ContactPoint.TryParse(email, out var contact));
        return StreamId.Contact(tenant, hub.Services.GetRequiredService<ContactHasher>().Hash(tenant, contact));
    }

    private static bool IsPropagation(StreamId stream) => stream.Name.StartsWith("propagation-", StringComparison.Ordinal);

    /// Every document of a container, read page by page from its feed (each test's hub has a database of its own).
    private static async Task<List<JsonElement>> DocumentsAsync(Container container)
    {
        var documents = new List<JsonElement>();
        using var pages = container.GetItemQueryStreamIterator((string?)null);
        while (pages.HasMoreResults)
        {
            using var response = await pages.ReadNextAsync();
            CosmosJson.EnsureSuccess(response, "read every document");
            using var page = await JsonDocument.ParseAsync(response.Content);
            documents.AddRange(page.RootElement.GetProperty("Documents").EnumerateArray().Select(d => d.Clone()));
        }
        return documents;
    }
}
