namespace ConsentHub.Contracts.Events;

// NB: stored format, see LedgerEvent.

/// <summary>
/// An event in a site visitor's stream (<c>visitor-{visitorId}</c>): the cookie choices made in the banner and the
/// link to a subject the tenant knows. The visitor id is a random id the banner made; IP and user agent are sealed.
/// </summary>
public abstract record VisitorEvent
{
    private protected VisitorEvent() { }

    /// <summary>Request, time and source of the event.</summary>
    public abstract EventMeta Meta { get; init; }

    /// <summary>A cookie choice made in the banner: every category of the tenant with its state (the receipt).</summary>
    /// <param name="Categories">Each cookie category and whether it was allowed; required categories are always allowed.</param>
    /// <param name="PolicyVersion">The tenant's policy version the banner showed.</param>
    /// <param name="Language">The language the banner was shown in.</param>
    /// <param name="Action">How the choice was made: <c>accept-all</c>, <c>reject-all</c> or <c>save</c>.</param>
    /// <param name="Gpc">A Global Privacy Control signal was present (<c>Sec-GPC: 1</c> or <c>navigator.globalPrivacyControl</c>); marketing was then denied.</param>
    /// <param name="Evidence">The SHA-256 of the banner wording shown, the sealed IP and user agent.</param>
    /// <param name="Meta">Request, time and source.</param>
    /// <param name="Services">Each service the tenant lists under its categories and whether it was allowed (a service left
    /// out of the choice follows its category); null in choices recorded before services existed.</param>
    [EventType("cookies.recorded", 1)]
    public sealed record CookiesRecorded(EquatableArray<CookieChoice> Categories, string? PolicyVersion, string? Language, string? Action, bool Gpc,
        Evidence Evidence, EventMeta Meta, EquatableArray<ServiceChoice>? Services = null) : VisitorEvent;

    /// <summary>The visitor linked to a subject of the tenant, so the subject's objections reach the banner.</summary>
    [EventType("visitor.linked", 1)]
    public sealed record Linked(string SubjectId, EventMeta Meta) : VisitorEvent;
}

/// <summary>One cookie category's state in a choice.</summary>
public sealed record CookieChoice(string Category, bool Allowed);

/// <summary>One service's state in a choice (a service is a vendor's cookies inside a category, e.g. YouTube in marketing).</summary>
public sealed record ServiceChoice(string Service, bool Allowed);
