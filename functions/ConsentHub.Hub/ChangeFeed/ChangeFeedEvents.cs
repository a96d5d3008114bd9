using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Feed;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.ChangeFeed;

/// The CloudEvents of a change-feed batch, as CRMs receive them on the `preference-events` topic: the same documents
/// the pull feed serves, built from the events as stored (personal data opened with its stream's key, or left out
/// once erasure destroyed the key).
public sealed class ChangeFeedEvents(IEventStore store, Sealer sealer, ILogger<ChangeFeedEvents>? logger = null)
{
    /// The batch's CloudEvents, the ledger events some target may hear of and the events CRMs receive (both in commit
    /// order), and the commits not found in the store.
    public async Task<(List<string> Messages, List<StoredEvent> Events, List<StoredEvent> Published, List<string> Skipped)> BuildAsync(IReadOnlyList<ChangedCommit> commits, CancellationToken ct)
    {
        var messages = new List<string>();
        var events = new List<StoredEvent>();
        var published = new List<StoredEvent>();
        var skipped = new List<string>();
        var slices = new Dictionary<StreamId, (StreamSlice Slice, Func<Sealed?, string?> Open, string? Named)>();
        foreach (var commit in commits.Where(c => c.Stream.IsSubject || c.Stream.IsContact || c.Stream.IsVisitor || c.Stream.IsRequest))
        {
            if (!slices.TryGetValue(commit.Stream, out var read))
            {
                var slice = await store.ReadStreamAsync(commit.Stream, ct);
                var open = await sealer.OpenerAsync(commit.Stream, ct);
                slices[commit.Stream] = read = (slice, open, CloudEvents.NamedBy(commit.Stream, slice, open));
            }
            var stored = read.Slice.Events.Where(e => e.Version >= commit.First && e.Version <= commit.Last).ToList();
            if (!stored.Select(e => e.EventId).SequenceEqual(commit.EventIds))
            {
                skipped.Add($"{commit.Stream}@{commit.First}");   // not a commit of the store: nothing to publish
                continue;
            }
            events.AddRange(stored.Where(e => !commit.Stream.IsVisitor));
            // A request's changes start the notice to the person, and are no CloudEvent: CRMs hear of the person's
            // statements, not of the controller's case handling.
            if (commit.Stream.IsRequest) continue;
            foreach (var s in stored)
            {
                CloudEvent? cloudEvent;
                try
                {
                    cloudEvent = commit.Stream.IsVisitor
                        ? CloudEvents.From(s, EventCodec.Decode<VisitorEvent>(s.Type, s.Data), read.Open, read.Named)
                        : CloudEvents.From(s, EventCodec.Decode<LedgerEvent>(s.Type, s.Data), read.Open, read.Named);
                }
                catch (Exception ex) when (ex is JsonException or UnknownEventTypeException or NotSupportedException)
                {
                    // An event no code can read is not published, and must not hold up the batch: its propagation is
                    // dead-lettered with the reason and the views count it, as on SQLite.
                    logger?.LogError("Event {Version} of {Stream} cannot be read and is not published: {Message}", s.Version, s.Stream, ex.Message);
                    continue;
                }
                if (cloudEvent is null) continue;
                messages.Add(JsonSerializer.Serialize(cloudEvent, Json.Options));
                published.Add(s);
            }
        }
        return (messages, events, published, skipped);
    }
}
