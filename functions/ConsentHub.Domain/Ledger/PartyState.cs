using System.Collections.Immutable;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;

namespace ConsentHub.Domain.Ledger;

public readonly record struct ObjectionKey(string Scope, string Channel);

/// Channel null: the statement covers every channel of the purpose.
public readonly record struct ConsentKey(string Purpose, string? Channel);

public sealed record ObjectionEntry(DateTimeOffset Since, string? Source);

public sealed record ConsentEntry(bool Granted, DateTimeOffset Since, string? PolicyVersion, string? Source);

public static class NewsletterStatus
{
    public const string Pending = "pending";
    public const string Subscribed = "subscribed";
    public const string Unsubscribed = "unsubscribed";
}

public sealed record NewsletterEntry(string Status, DateTimeOffset Since, DateTimeOffset? ConfirmedAt, DateTimeOffset? UnsubscribedAt, string? Language);

/// What a request wrote: enough to answer its replay with the first response.
/// `Events` is how many events the request's commit holds; `Version` is the stream version after it.
public sealed record RequestRecord(string RequestHash, long Version, DateTimeOffset At, int Events = 1)
{
    /// The requests of a stream after one more event at `previousVersion + 1`.
    public static ImmutableDictionary<string, RequestRecord> Remember(ImmutableDictionary<string, RequestRecord> requests, EventMeta meta, long previousVersion) =>
        requests.SetItem(meta.RequestId, new RequestRecord(meta.RequestHash, previousVersion + 1, meta.At,
            requests.GetValueOrDefault(meta.RequestId) is { } earlier && earlier.Version == previousVersion ? earlier.Events + 1 : 1));
}

/// The state of one person's stream (a subject, or a bare contact point), folded from its events.
public sealed record PartyState
{
    public static readonly PartyState Initial = new();

    public long Version { get; init; }
    public ImmutableDictionary<string, RequestRecord> Requests { get; init; } = ImmutableDictionary<string, RequestRecord>.Empty;
    public ImmutableDictionary<ObjectionKey, ObjectionEntry> Objections { get; init; } = ImmutableDictionary<ObjectionKey, ObjectionEntry>.Empty;
    public ImmutableDictionary<ConsentKey, ConsentEntry> Consents { get; init; } = ImmutableDictionary<ConsentKey, ConsentEntry>.Empty;
    public ImmutableDictionary<string, NewsletterEntry> Newsletters { get; init; } = ImmutableDictionary<string, NewsletterEntry>.Empty;
    public bool Restricted { get; init; }
    public DateTimeOffset? RestrictedSince { get; init; }
    public EquatableArray<ContactRef> Emails { get; init; } = EquatableArray<ContactRef>.Empty;
    public EquatableArray<ContactRef> Phones { get; init; } = EquatableArray<ContactRef>.Empty;
    /// Push notification device tokens.
    public EquatableArray<ContactRef> Push { get; init; } = EquatableArray<ContactRef>.Empty;
    /// Set on a bare contact point's stream: which contact point it is.
    public LedgerEvent.ContactIdentified? Identity { get; init; }
    /// Visitors whose banner choices belong to this subject.
    public ImmutableSortedSet<string> Visitors { get; init; } = ImmutableSortedSet<string>.Empty;
    public bool Erased { get; init; }
    public DateTimeOffset? LastChangedAt { get; init; }
    /// When the subject's account with the controller was closed, if it was (the retention run erases it a period later).
    public DateTimeOffset? ClosedAt { get; init; }

    public bool Exists => Version > 0;

    public IEnumerable<ContactRef> ContactPoints => Emails.Concat(Phones).Concat(Push);

    /// Active objections of a scope that cover a channel (`all` covers every channel).
    public bool Objects(string scope, string channel) =>
        Objections.Keys.Any(k => k.Scope == scope && (k.Channel == Catalog.Channels.AllChannels || k.Channel == channel));
}
