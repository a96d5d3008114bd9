using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Feed;
using ConsentHub.Functions.Security;

namespace ConsentHub.Functions.FunctionsHost;

/// The CloudEvents of a change-feed batch, as CRMs receive them on the `preference-events` topic: the same documents
/// the pull feed serves, built from the events as stored (personal data opened with its stream's key, or left out
/// once erasure destroyed the key).
public sealed class ChangeFeedEvents(IEventStore store, Sealer sealer)
{
    /// The batch's CloudEvents, the stored events they came from (in commit order), and the commits not found in the store.
    public async Task<(List<string> Messages, List<StoredEvent> Events, List<string> Skipped)> BuildAsync(IReadOnlyList<ChangedCommit> commits, CancellationToken ct)
    {
        var messages = new List<string>();
        var events = new List<StoredEvent>();
        var skipped = new List<string>();
        var slices = new Dictionary<StreamId, (StreamSlice Slice, Func<Sealed?, string?> Open, string? Contact)>();
        foreach (var commit in commits.Where(c => c.Stream.IsSubject || c.Stream.IsContact))
        {
            if (!slices.TryGetValue(commit.Stream, out var read))
            {
                var slice = await store.ReadStreamAsync(commit.Stream, ct);
                var open = await sealer.OpenerAsync(commit.Stream, ct);
                var identity = commit.Stream.IsContact
                    ? LedgerDecider.Fold(slice.Events.Select(e => EventCodec.Decode<LedgerEvent>(e.Type, e.Data))).Identity
                    : null;
                slices[commit.Stream] = read = (slice, open, identity is null ? null : open(identity.Contact.Value));
            }
            var stored = read.Slice.Events.Where(e => e.Version >= commit.First && e.Version <= commit.Last).ToList();
            if (!stored.Select(e => e.EventId).SequenceEqual(commit.EventIds))
            {
                skipped.Add($"{commit.Stream}@{commit.First}");   // not a commit of the store: nothing to publish
                continue;
            }
            events.AddRange(stored);
            foreach (var s in stored)
            {
                if (CloudEvents.From(s, EventCodec.Decode<LedgerEvent>(s.Type, s.Data), read.Open, read.Contact) is { } cloudEvent)
                    messages.Add(JsonSerializer.Serialize(cloudEvent, Json.Options));
            }
        }
        return (messages, events, skipped);
    }
}
