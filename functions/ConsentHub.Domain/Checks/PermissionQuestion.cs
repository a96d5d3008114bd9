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
        if (!Fits(kind)) return Deny(Reasons.InvalidRecipient);
        if (_answer is { } answer) return answer;
        var list = states as IReadOnlyList<PartyState> ?? [.. states];

        // One pass gathers what the table's rows ask, then the rows are read in their order (first match wins).
        bool restricted = false, directMarketing = false, erased = false;
        var scope = _scopes.Length;   // the first covering scope found, in the table's order
        for (var i = 0; i < list.Count; i++)
        {
            var state = list[i];
            restricted |= state.Restricted;
            erased |= state.Erased;
            if (state.Objections.IsEmpty) continue;
            foreach (var (key, _) in state.Objections)
            {
                if (key.Channel != Channels.AllChannels && key.Channel != _channel) continue;
                if (key.Scope == ObjectionScopes.DirectMarketing) directMarketing = true;
                for (var s = 0; s < scope; s++)
                    if (key.Scope == _scopes[s]) { scope = s; break; }
            }
        }
        if (restricted) return Deny(Reasons.ProcessingRestricted);
        if (_byDirectMarketing && directMarketing) return Deny(Reasons.DirectMarketingProhibited);
        if (scope < _scopes.Length) return new(false, Reasons.Objected, _scopes[scope]);
        if (erased) return Deny(Reasons.Erased);
        if (_newsletter is not null) return NewsletterPermission(list);
        if (_consent) return ConsentPermission(list);
        return Allow(Reasons.NoObjection);
    }

    /// Subscribed when the latest confirmation is later than the latest unsubscription (LINQ Max semantics: missing
    /// values are skipped).
    private Permission NewsletterPermission(IReadOnlyList<PartyState> states)
    {
        DateTimeOffset? confirmed = null, unsubscribed = null;
        for (var i = 0; i < states.Count; i++)
        {
            if (states[i].Newsletters.GetValueOrDefault(_newsletter!) is not { } entry) continue;
            if (entry.ConfirmedAt is { } c && (confirmed is null || c > confirmed.Value)) confirmed = c;
            if (entry.UnsubscribedAt is { } u && (unsubscribed is null || u > unsubscribed.Value)) unsubscribed = u;
        }
        return (confirmed, unsubscribed) switch
        {
            ({ } c, var u) when u is null || c > u => Allow(Reasons.Subscribed),
            (_, not null) => Deny(Reasons.Unsubscribed),
            _ => Deny(Reasons.NotSubscribed),   // never, or only pending
        };
    }

    /// The latest consent statement for the purpose on this channel or on all channels; of equally late ones the first
    /// in the states' order (each state's channel statement before its all-channels one), as MaxBy keeps.
    private Permission ConsentPermission(IReadOnlyList<PartyState> states)
    {
        ConsentEntry? latest = null;
        for (var i = 0; i < states.Count; i++)
        {
            var consents = states[i].Consents;
            if (consents.IsEmpty) continue;
            if (consents.GetValueOrDefault(new(_purpose!, _channel)) is { } own && (latest is null || own.Since > latest.Since)) latest = own;
            if (consents.GetValueOrDefault(new(_purpose!, null)) is { } all && (latest is null || all.Since > latest.Since)) latest = all;
        }
        return latest switch
        {
            { Granted: true } => Allow(Reasons.Consented),
            { Granted: false } => Deny(Reasons.ConsentWithdrawn),
            null => Deny(Reasons.NoConsent),
        };
    }

    private static Permission Allow(string reason) => new(true, reason);
    private static Permission Deny(string reason) => new(false, reason);
}
