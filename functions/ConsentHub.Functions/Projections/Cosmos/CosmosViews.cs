using System.Net;
using System.Text.Json.Nodes;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Functions.Projections.Cosmos;

/// The views the change feed keeps in Cosmos DB, one document (id `view`) per person stream in the views container:
/// `{ stream, version, state, links }`. `version` is the stream version the view reflects; `links` (on a contact
/// point's view) names the subjects that list it, each with the subject version that said so.
/// A batch is only a notice of which streams moved: each view is refolded from the store up to the stream's head,
/// so redelivered, repeated or out-of-order batches write the same documents, and never an older state over a newer.
public sealed class CosmosViews(CosmosContainers cosmos, IEventStore store)
{
    public const string Id = "view";

    /// Brings the views of these streams up to their heads; answers how many views moved.
    public async Task<int> ProjectAsync(IEnumerable<StreamId> streams, CancellationToken ct)
    {
        var moved = 0;
        foreach (var stream in streams.Distinct().Where(s => s.IsSubject || s.IsContact))
        {
            var slice = await store.ReadStreamAsync(stream, ct);
            if (await VersionAsync(stream, ct) >= slice.Version) continue;   // already projected: a redelivery
            var events = slice.Events.Select(e => EventCodec.Decode<LedgerEvent>(e.Type, e.Data)).ToList();
            var state = LedgerDecider.Fold(events);
            if (stream.IsSubject)
            {
                // Links before the subject's own view: its version is what a redelivery after a crash resumes from.
                var current = state.ContactPoints.Select(c => c.Hash).ToHashSet(StringComparer.Ordinal);
                var ever = events.OfType<LedgerEvent.ContactPointsChanged>().SelectMany(c => c.Emails.Concat(c.Phones)).Select(c => c.Hash).Distinct();
                foreach (var hash in ever)
                    await UpdateAsync(StreamId.Contact(stream.Tenant, hash), view => Link(view, stream.Key, slice.Version, current.Contains(hash)), ct);
            }
            if (await UpdateAsync(stream, view => Own(view, state), ct)) moved++;
        }
        return moved;
    }

    private async Task<long> VersionAsync(StreamId stream, CancellationToken ct)
    {
        using var view = await CosmosJson.ReadAsync(cosmos.Views, Id, stream.ToString(), ct);
        return view is not null && view.RootElement.TryGetProperty("version", out var v) ? v.GetInt64() : 0;
    }

    private static JsonObject? Own(JsonObject? view, PartyState state)
    {
        if ((long?)view?["version"] >= state.Version) return null;
        var next = view ?? [];
        next["version"] = state.Version;
        next["state"] = JsonNode.Parse(PartyStateJson.From(state).GetRawText());
        return next;
    }

    private static JsonObject? Link(JsonObject? view, string subjectId, long subjectVersion, bool linked)
    {
        var links = view?["links"]?.AsObject();
        if ((long?)links?[subjectId]?["version"] >= subjectVersion) return null;
        var next = view ?? new JsonObject { ["version"] = 0L };
        var updated = links ?? [];
        updated[subjectId] = new JsonObject { ["version"] = subjectVersion, ["linked"] = linked };
        next["links"] = updated;
        return next;
    }

    /// Read, change, write back under the ETag read; a concurrent writer makes it read again. Null from `change`: nothing to write.
    private async Task<bool> UpdateAsync(StreamId stream, Func<JsonObject?, JsonObject?> change, CancellationToken ct)
    {
        var key = stream.ToString();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var read = await CosmosJson.ReadForUpdateAsync(cosmos.Views, Id, key, ct);
            var next = change(read?.Document);
            if (next is null) return false;
            next["id"] = Id;
            next["stream"] = key;
            using var body = CosmosJson.Body(next);
            using var response = read is { } existing
                ? await cosmos.Views.ReplaceItemStreamAsync(body, Id, new PartitionKey(key), new ItemRequestOptions { IfMatchEtag = existing.ETag }, ct)
                : await cosmos.Views.CreateItemStreamAsync(body, new PartitionKey(key), cancellationToken: ct);
            if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict) continue;
            CosmosJson.EnsureSuccess(response, "write view");
            return true;
        }
        throw new CosmosStoreException($"The view of {stream} kept changing under the projection");
    }
}
