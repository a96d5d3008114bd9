using System.Text.Json;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Caching.Memory;

namespace ConsentHub.Functions.Projections.Cosmos;

/// Answers checks from the Cosmos DB views: one ReadMany for the recipients' own views, one for the views they
/// point to (linked subjects, or a subject's contact points). A cold instance answers correctly at once: nothing
/// is replayed. Views are cached per instance for a moment and bounded in number; a check may therefore lag a
/// change by the change feed's delay plus `CacheFor`.
public sealed class CosmosPartyLookup(CosmosContainers cosmos) : IPartyLookup, IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    private sealed record View(PartyState? State, IReadOnlyList<string> LinkedSubjects)
    {
        public static readonly View None = new(null, []);
    }

    public async Task<IReadOnlyList<IReadOnlyCollection<PartyState>>> StatesAsync(IReadOnlyList<StreamId> streams, CancellationToken ct)
    {
        var own = await ViewsAsync(streams, ct);
        var related = streams.SelectMany(s => Related(s, own[s])).ToList();
        var more = await ViewsAsync(related, ct);
        return [.. streams.Select(s => (IReadOnlyCollection<PartyState>)new[] { own[s].State }
            .Concat(Related(s, own[s]).Select(r => more[r].State)).OfType<PartyState>().ToList())];
    }

    private static IEnumerable<StreamId> Related(StreamId stream, View view) => stream.IsSubject
        ? (view.State?.ContactPoints ?? []).Select(c => StreamId.Contact(stream.Tenant, c.Hash))
        : view.LinkedSubjects.Select(id => StreamId.Subject(stream.Tenant, id));

    private async Task<Dictionary<StreamId, View>> ViewsAsync(IEnumerable<StreamId> streams, CancellationToken ct)
    {
        var found = new Dictionary<StreamId, View>();
        var missing = new List<StreamId>();
        foreach (var stream in streams.Distinct())
        {
            if (_cache.TryGetValue(stream, out View? cached)) found[stream] = cached!;
            else missing.Add(stream);
        }
        if (missing.Count == 0) return found;
        using var response = await cosmos.Views.ReadManyItemsStreamAsync([.. missing.Select(s => (CosmosViews.Id, new PartitionKey(s.ToString())))], cancellationToken: ct);
        CosmosJson.EnsureSuccess(response, "read views");
        using var page = await JsonDocument.ParseAsync(response.Content, cancellationToken: ct);
        var read = page.RootElement.GetProperty("Documents").EnumerateArray().ToDictionary(d => d.GetProperty("stream").GetString()!, Parse, StringComparer.Ordinal);
        foreach (var stream in missing)
        {
            var view = read.GetValueOrDefault(stream.ToString()) ?? View.None;
            _cache.Set(stream, view, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CacheFor });
            found[stream] = view;
        }
        return found;
    }

    private static View Parse(JsonElement document) => new(
        document.TryGetProperty("state", out var state) ? PartyStateJson.To(state) : null,
        document.TryGetProperty("links", out var links)
            ? [.. links.EnumerateObject().Where(l => l.Value.GetProperty("linked").GetBoolean()).Select(l => l.Name)]
            : []);

    public void Dispose() => _cache.Dispose();
}
