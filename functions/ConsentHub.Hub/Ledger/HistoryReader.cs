using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Feed;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Ledger;

/// A stream's events as its owner may read them: oldest first, personal data opened while its key exists.
public sealed class HistoryReader(IEventStore store, Sealer sealer)
{
    public async Task<(long Version, List<HistoryEntry> Events)> ReadAsync(StreamId stream, CancellationToken ct)
    {
        var slice = await store.ReadStreamAsync(stream, ct);
        var open = await sealer.OpenerAsync(stream, ct);
        var entries = slice.Events.Select(stored =>
        {
            var e = EventCodec.Decode<LedgerEvent>(stored.Type, stored.Data);
            return new HistoryEntry(stored.EventId, stored.Type, stored.Version, stored.RecordedAt, e.Meta.Source, EventViews.DataOf(e, open));
        }).ToList();
        return (slice.Version, entries);
    }
}
