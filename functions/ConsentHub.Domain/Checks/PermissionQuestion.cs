using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Checks;

/// What a recipient is, as far as the decision table cares: its kind decides whether it fits the channel.
public enum RecipientKind { Invalid, Email, Phone, Push, Subject }

/// The decision table (PermissionPolicy, API.md "The question senders ask") for one question, a purpose on a channel
/// of a tenant, asked of any number of recipients: what depends on the question alone (is the purpose known, is it a
/// newsletter, a service notice, which bans cover it) is worked out once, so a batch of 1,000 recipients spends per
/// recipient only one pass over its states, without LINQ, closures or enumerator objects.
public sealed class PermissionQuestion
{
    private readonly string _channel;
    private readonly string? _purpose;        // for consents: the purpose's id (null for a newsletter)
    private readonly string? _newsletter;     // the list id of `newsletter:{list}`
    private readonly Permission? _answer;     // the answer for every fitting recipient: unknown purpose, service notice
    private readonly bool _byDirectMarketing;
    private readonly string[] _scopes;        // the other bans that cover the purpose, in the order a check names them
    private readonly bool _consent;

    private PermissionQuestion(TenantCatalog catalog, string purpose, string channel)
    {
        _channel = channel;
        _scopes = [];
        if (!catalog.Knows(purpose))
        {
            _answer = Deny(Reasons.UnknownPurpose);
            return;
        }
        _newsletter = purpose.StartsWith(TenantCatalog.NewsletterPrefix, StringComparison.Ordinal) ? purpose[TenantCatalog.NewsletterPrefix.Length..] : null;
        var definition = _newsletter is null ? catalog.Purpose(purpose) : null;
        if (definition?.LegalBasis is LegalBases.Contract or LegalBases.LegalObligation)
        {
            _answer = Allow(Reasons.ServiceNotice);
            return;
        }
        _purpose = purpose;
        _byDirectMarketing = ObjectionCoverage.ByDirectMarketing(definition);
        _scopes = definition is null ? [purpose] : [.. ObjectionCoverage.Scopes(definition)];
        _consent = _newsletter is null && definition!.LegalBasis == LegalBases.Consent;
    }

    public static PermissionQuestion Of(TenantCatalog catalog, string purpose, string channel) => new(catalog, purpose, channel);

    public static RecipientKind KindOf(Recipient recipient) => recipient switch
    {
        Recipient.Subject => RecipientKind.Subject,
        Recipient.Contact { Point.Kind: ContactKind.Email } => RecipientKind.Email,
        Recipient.Contact { Point.Kind: ContactKind.Phone } => RecipientKind.Phone,
        Recipient.Contact { Point.Kind: ContactKind.Push } => RecipientKind.Push,
        _ => RecipientKind.Invalid,
    };

    /// Recipient.Fits by kind: e-mail fits `email`; a phone `sms` and `phone`; a device token `push`; a subject any.
    public bool Fits(RecipientKind kind) => kind switch
    {
        RecipientKind.Subject => true,
        RecipientKind.Email => _channel == Channels.Email,
        RecipientKind.Phone => _channel is Channels.Sms or Channels.Phone,
        RecipientKind.Push => _channel == Channels.Push,
        _ => false,
    };

    public Permission Decide(Recipient recipient, IReadOnlyCollection<PartyState> states) => Decide(KindOf(recipient), states);

    public Permission Decide(RecipientKind kind, IReadOnlyCollection<PartyState> states)
    {
        if (Settled(kind) is { } settled) return settled;
        var tally = Tally();
        if (states is IReadOnlyList<PartyState> list)
            for (var i = 0; i < list.Count; i++) Add(ref tally, list[i]);
        else
            foreach (var state in states) Add(ref tally, state);
        return Answer(tally);
    }

    /// The answer that needs no states (a recipient that does not fit the channel, an unknown purpose, a service
    /// notice); null when the recipient's states decide.
    public Permission? Settled(RecipientKind kind) => !Fits(kind) ? Deny(Reasons.InvalidRecipient) : _answer;

    public PermissionTally Tally() => new() { Scope = _scopes.Length };

    /// One state's statements, as the table reads them.
    public void Add(ref PermissionTally tally, PartyState state)
    {
        Begin(ref tally);
        Flags(ref tally, state.Restricted, state.Erased);
        if (!state.Objections.IsEmpty)
            foreach (var (key, _) in state.Objections) Objection(ref tally, key.Scope, key.Channel);
        if (_newsletter is not null && state.Newsletters.GetValueOrDefault(_newsletter) is { } entry)
            Newsletter(ref tally, entry.ConfirmedAt, entry.UnsubscribedAt);
        if (_consent && !state.Consents.IsEmpty)
        {
            if (state.Consents.GetValueOrDefault(new(_purpose!, _channel)) is { } own) Consent(ref tally, true, own.Granted, own.Since);
            if (state.Consents.GetValueOrDefault(new(_purpose!, null)) is { } all) Consent(ref tally, false, all.Granted, all.Since);
        }
    }

    /// A new state begins: its consents rank after those of every state before it.
    public static void Begin(ref PermissionTally tally) => tally.States++;

    public static void Flags(ref PermissionTally tally, bool restricted, bool erased)
    {
        tally.Restricted |= restricted;
        tally.Erased |= erased;
    }

    public void Objection(ref PermissionTally tally, string scope, string channel)
    {
        if (channel != Channels.AllChannels && channel != _channel) return;
        if (scope == ObjectionScopes.DirectMarketing) tally.DirectMarketing = true;
        for (var s = 0; s < tally.Scope; s++)
            if (scope == _scopes[s])
            {
                tally.Scope = s;
                return;
            }
    }

    /// The newsletter the question asks about, if it does (a state's entry for another list does not count).
    public string? NewsletterId => _newsletter;

    /// Subscribed when the latest confirmation is later than the latest unsubscription (LINQ Max semantics: missing
    /// values are skipped).
    public static void Newsletter(ref PermissionTally tally, DateTimeOffset? confirmedAt, DateTimeOffset? unsubscribedAt)
    {
        if (confirmedAt is { } c && (tally.Confirmed is null || c > tally.Confirmed.Value)) tally.Confirmed = c;
        if (unsubscribedAt is { } u && (tally.Unsubscribed is null || u > tally.Unsubscribed.Value)) tally.Unsubscribed = u;
    }

    /// Whether a consent statement of this purpose and channel counts: 1 for the question's channel, 2 for all
    /// channels, 0 for none (also when the question's answer does not rest on consent).
    public int ConsentCounts(string purpose, string? channel) =>
        !_consent || purpose != _purpose ? 0 : channel is null ? 2 : channel == _channel ? 1 : 0;

    /// The latest consent statement for the purpose on this channel or on all channels; of equally late ones the first
    /// in the states' order (each state's channel statement before its all-channels one), as MaxBy keeps, whatever
    /// order a state's two statements are told in.
    public static void Consent(ref PermissionTally tally, bool ownChannel, bool granted, DateTimeOffset since)
    {
        var at = tally.States * 2 + (ownChannel ? 0 : 1);
        if (tally.HasConsent && !(since > tally.ConsentSince || (since == tally.ConsentSince && at < tally.ConsentAt))) return;
        (tally.HasConsent, tally.Granted, tally.ConsentSince, tally.ConsentAt) = (true, granted, since, at);
    }

    /// The table's rows read in their order (first match wins).
    public Permission Answer(in PermissionTally tally)
    {
        if (tally.Restricted) return Deny(Reasons.ProcessingRestricted);
        if (_byDirectMarketing && tally.DirectMarketing) return Deny(Reasons.DirectMarketingProhibited);
        if (tally.Scope < _scopes.Length) return new(false, Reasons.Objected, _scopes[tally.Scope]);
        if (tally.Erased) return Deny(Reasons.Erased);
        if (_newsletter is not null)
            return (tally.Confirmed, tally.Unsubscribed) switch
            {
                ({ } c, var u) when u is null || c > u => Allow(Reasons.Subscribed),
                (_, not null) => Deny(Reasons.Unsubscribed),
                _ => Deny(Reasons.NotSubscribed),   // never, or only pending
            };
        if (_consent)
            return !tally.HasConsent ? Deny(Reasons.NoConsent) : tally.Granted ? Allow(Reasons.Consented) : Deny(Reasons.ConsentWithdrawn);
        return Allow(Reasons.NoObjection);
    }

    private static Permission Allow(string reason) => new(true, reason);
    private static Permission Deny(string reason) => new(false, reason);
}
