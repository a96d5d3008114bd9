using System.Collections.Immutable;
using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Functions.Projections.Cosmos;

/// A party's state as stored in a view document. NB: stored format: add members, never rename them.
/// The requests a stream remembers (for replays) are left out: views answer checks and preferences, not decisions.
public sealed record PartyStateJson(
    long Version,
    IReadOnlyList<PartyStateJson.Objection> Objections,
    IReadOnlyList<PartyStateJson.Consent> Consents,
    IReadOnlyList<PartyStateJson.Newsletter> Newsletters,
    bool Restricted,
    DateTimeOffset? RestrictedSince,
    IReadOnlyList<ContactRef> Emails,
    IReadOnlyList<ContactRef> Phones,
    LedgerEvent.ContactIdentified? Identity,
    bool Erased,
    DateTimeOffset? LastChangedAt,
    IReadOnlyList<string>? Visitors = null)
{
    public sealed record Objection(string Scope, string Channel, DateTimeOffset Since, string? Source);
    public sealed record Consent(string Purpose, string? Channel, bool Granted, DateTimeOffset Since, string? PolicyVersion, string? Source);
    public sealed record Newsletter(string ListId, NewsletterEntry Entry);

    public static JsonElement From(PartyState s) => JsonSerializer.SerializeToElement(new PartyStateJson(s.Version,
        [.. s.Objections.Select(o => new Objection(o.Key.Scope, o.Key.Channel, o.Value.Since, o.Value.Source))],
        [.. s.Consents.Select(c => new Consent(c.Key.Purpose, c.Key.Channel, c.Value.Granted, c.Value.Since, c.Value.PolicyVersion, c.Value.Source))],
        [.. s.Newsletters.Select(n => new Newsletter(n.Key, n.Value))],
        s.Restricted, s.RestrictedSince, [.. s.Emails], [.. s.Phones], s.Identity, s.Erased, s.LastChangedAt, [.. s.Visitors]), Json.Options);

    public static PartyState To(JsonElement element)
    {
        var j = element.Deserialize<PartyStateJson>(Json.Options)!;
        return PartyState.Initial with
        {
            Version = j.Version,
            Objections = j.Objections.ToImmutableDictionary(o => new ObjectionKey(o.Scope, o.Channel), o => new ObjectionEntry(o.Since, o.Source)),
            Consents = j.Consents.ToImmutableDictionary(c => new ConsentKey(c.Purpose, c.Channel), c => new ConsentEntry(c.Granted, c.Since, c.PolicyVersion, c.Source)),
            Newsletters = j.Newsletters.ToImmutableDictionary(n => n.ListId, n => n.Entry),
            Restricted = j.Restricted,
            RestrictedSince = j.RestrictedSince,
            Emails = new(j.Emails),
            Phones = new(j.Phones),
            Identity = j.Identity,
            Erased = j.Erased,
            LastChangedAt = j.LastChangedAt,
            Visitors = [.. j.Visitors ?? []],
        };
    }
}
