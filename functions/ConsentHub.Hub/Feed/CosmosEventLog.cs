using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ConsentHub.Hub.Feed;

/// The pull feed on Cosmos DB, which has no order across partitions: the change-feed reader appends each event CRMs
/// receive to its tenant's log (partition `{tenant}/feed:events` of the views container) with the next sequence
/// number of that tenant, and a page reads the log after a sequence number. An entry names the event only (stream,
/// version, id): its CloudEvent is built from the store when read, so personal data never leaves the sealed events
/// and an erasure shows in the feed at once.
///
/// Exactly once: an entry's id is its sequence number, created (never replaced) after the tenant's last one, so two
/// writers cannot both take a number and a reader never sees a later number before an earlier one; an event already
/// in the log is not appended again (a redelivered batch). The check and the append are two steps, so it takes one
/// appender at a time: the change-feed reader's lease (or the trigger's, under Functions) gives that. The change feed gives each stream's commits in order, so
/// events keep their order within a stream; across streams the log holds the order in which the reader met them.
public sealed class CosmosEventLog(CosmosContainers cosmos, IEventStore store, Sealer sealer) : ICloudEventFeed
{
    public static string PartitionOf(string tenant) => $"{tenant}/feed:events";

    /// Appends the events not yet in their tenant's log, in the order given.
    public async Task AppendAsync(IEnumerable<StoredEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            var partition = PartitionOf(e.Stream.Tenant);
            for (var attempt = 0; ; attempt++)
            {
                if (await FirstAsync(partition, "c.eventId = @e", "c.seq", e.EventId, ct) is not null) break;   // in the log already
                var next = (await FirstAsync(partition, "true", "c.seq DESC", null, ct) is { } last ? last.GetProperty("seq").GetInt64() : 0) + 1;
                using var body = CosmosJson.Body(new JsonObject
                {
                    ["id"] = next.ToString("D12", CultureInfo.InvariantCulture),
                    ["stream"] = partition,
                    ["seq"] = next,
                    ["eventId"] = e.EventId,
                    ["name"] = e.Stream.Name,
                    ["version"] = e.Version,
                });
                using var response = await cosmos.Views.CreateItemStreamAsync(body, new PartitionKey(partition), cancellationToken: ct);
                if (response.StatusCode != HttpStatusCode.Conflict)
                {
                    CosmosJson.EnsureSuccess(response, "append to the events feed");
                    break;
                }
                if (attempt == 20) throw new CosmosStoreException($"The events feed of {e.Stream.Tenant} kept growing under the append");
            }
        }
    }

    public async Task<(List<CloudEvent> Events, long Position)> PageAsync(string tenant, long after, int max, CancellationToken ct)
    {
        var partition = PartitionOf(tenant);
        var query = new QueryDefinition($"SELECT TOP {max} * FROM c WHERE c.stream = @p AND c.seq > @after ORDER BY c.seq")
            .WithParameter("@p", partition).WithParameter("@after", after);
        var events = new List<CloudEvent>(max);
        var position = after;
        var slices = new Dictionary<StreamId, (StreamSlice Slice, Func<Sealed?, string?> Open, string? Named)>();
        foreach (var entry in await QueryAsync(query, partition, ct))
        {
            var stream = new StreamId(tenant, entry.GetProperty("name").GetString()!);
            if (!slices.TryGetValue(stream, out var read))
            {
                var slice = await store.ReadStreamAsync(stream, ct);
                var open = await sealer.OpenerAsync(stream, ct);
                slices[stream] = read = (slice, open, CloudEvents.NamedBy(stream, slice, open));
            }
            var version = entry.GetProperty("version").GetInt64();
            if (read.Slice.Events.FirstOrDefault(e => e.Version == version) is { } s && CloudEventOf(s, read.Open, read.Named) is { } cloudEvent)
                events.Add(cloudEvent);
            position = entry.GetProperty("seq").GetInt64();
        }
        return (events, position);
    }

    private static CloudEvent? CloudEventOf(StoredEvent s, Func<Sealed?, string?> open, string? named) => s.Stream.IsVisitor
        ? CloudEvents.From(s, EventCodec.Decode<VisitorEvent>(s.Type, s.Data), open, named)
        : CloudEvents.From(s, EventCodec.Decode<LedgerEvent>(s.Type, s.Data), open, named);

    private async Task<JsonElement?> FirstAsync(string partition, string where, string orderBy, string? eventId, CancellationToken ct)
    {
        var query = new QueryDefinition($"SELECT TOP 1 c.seq FROM c WHERE c.stream = @p AND {where} ORDER BY {orderBy}").WithParameter("@p", partition);
        if (eventId is not null) query = query.WithParameter("@e", eventId);
        return (await QueryAsync(query, partition, ct)) is [var first, ..] ? first : null;
    }

    private Task<List<JsonElement>> QueryAsync(QueryDefinition query, string partition, CancellationToken ct) =>
        CosmosJson.QueryAsync(cosmos.Views, query, partition, "query the events feed", ct);
}
