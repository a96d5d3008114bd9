namespace ConsentHub.Contracts.Events;

/// <summary>A controller's register: its purposes, newsletters, cookie categories and connections.</summary>
public sealed record TenantDefinition
{
    /// <summary>The tenant id used in routes.</summary>
    public string Id { get; init; } = "";
    /// <summary>The controller's name as shown to people.</summary>
    public string Name { get; init; } = "";
    /// <summary>Finnish business id (Y-tunnus), check digit validated.</summary>
    public string? BusinessId { get; init; }
    /// <summary>Languages of the tenant's pages and messages: fi, sv, en.</summary>
    public EquatableArray<string> Languages { get; init; } = EquatableArray<string>.Empty;
    /// <summary>The language used when none of the person's fits.</summary>
    public string DefaultLanguage { get; init; } = "fi";
    /// <summary>Version of the privacy notice; a new one makes banners ask again.</summary>
    public string? PolicyVersion { get; init; }
    /// <summary>The processing purposes of the register.</summary>
    public EquatableArray<PurposeDefinition> Purposes { get; init; } = EquatableArray<PurposeDefinition>.Empty;
    /// <summary>Newsletters people can subscribe to.</summary>
    public EquatableArray<NewsletterDefinition> Newsletters { get; init; } = EquatableArray<NewsletterDefinition>.Empty;
    /// <summary>Cookie categories of the site's banner.</summary>
    public EquatableArray<CookieCategoryDefinition> CookieCategories { get; init; } = EquatableArray<CookieCategoryDefinition>.Empty;
    /// <summary>Origins allowed to call the browser routes.</summary>
    public EquatableArray<string> AllowedOrigins { get; init; } = EquatableArray<string>.Empty;
    /// <summary>SendGrid connection, secrets sealed when stored.</summary>
    public SendGridSettings? Sendgrid { get; init; }
    /// <summary>Twilio connection, secrets sealed when stored.</summary>
    public TwilioSettings? Twilio { get; init; }
    /// <summary>Cookie banner settings: privacy notice link, cookie domain and wording per language.</summary>
    public BannerSettings? Banner { get; init; }
    /// <summary>The group of companies the tenant belongs to (a parent and its subsidiaries); only the operator sets it.</summary>
    public TenantGroup? Group { get; init; }
    /// <summary>How long time-limited personal data is kept (ISO 8601 durations); a missing member keeps its default.</summary>
    public RetentionSettings? Retention { get; init; }
    /// <summary>Where the daily reminder of data subject requests due within 7 days or overdue is mailed (the
    /// controller's privacy contact); without it the reminder is only logged.</summary>
    public string? PrivacyContactEmail { get; init; }
}

/// <summary>A tenant's membership of a group of companies.</summary>
public sealed record TenantGroup
{
    /// <summary>Group id, the same in every member, e.g. <c>sanoma</c>.</summary>
    public string Id { get; init; } = "";
    /// <summary>Whether the tenant shares direct-marketing prohibitions with the group: a prohibition recorded in any member
    /// that shares holds in the checks of every member that shares. Each member opts in for itself.</summary>
    public bool SharesProhibitions { get; init; }
}

/// <summary>Retention periods of a tenant, each an ISO 8601 duration of whole days, weeks, months or years (P1D to P10Y).
/// Months and years are calendar months and years: <c>P13M</c> is 13 calendar months, not 390 days.</summary>
public sealed record RetentionSettings
{
    /// <summary>IP address and user agent of every consent, objection and banner choice (default <c>P45D</c>).</summary>
    public string? Evidence { get; init; }
    /// <summary>Banner choices of visitors never linked to a subject, after their last choice (default <c>P13M</c>).</summary>
    public string? AnonymousBannerReceipts { get; init; }
    /// <summary>Contact points of a subject whose account was closed, after the closing (default <c>P45D</c>).</summary>
    public string? ClosedAccountContactPoints { get; init; }
    /// <summary>Subjects with no recorded change for this long are erased (default <c>P18M</c>).</summary>
    public string? InactiveContacts { get; init; }
    /// <summary>Outbox lines (messages that would have been sent, addresses in clear) (default <c>P30D</c>).</summary>
    public string? Outbox { get; init; }
}

/// <summary>A processing purpose.</summary>
public sealed record PurposeDefinition
{
    /// <summary>Purpose id, e.g. <c>direct-marketing</c>.</summary>
    public string Id { get; init; } = "";
    /// <summary><c>consent</c>, <c>legitimate-interest</c>, <c>contract</c> or <c>legal-obligation</c>.</summary>
    public string LegalBasis { get; init; } = "";
    /// <summary>Channels the purpose uses: email, sms, phone, post.</summary>
    public EquatableArray<string> Channels { get; init; } = EquatableArray<string>.Empty;
    /// <summary>Marketing purposes fall under a direct-marketing prohibition; <c>direct-marketing</c> always is.</summary>
    public bool? Marketing { get; init; }
    /// <summary>Name per language.</summary>
    public IReadOnlyDictionary<string, string>? Names { get; init; }
    /// <summary>Plain-language description per language.</summary>
    public IReadOnlyDictionary<string, string>? Descriptions { get; init; }
    /// <summary>The bans (objection scopes) that cover the purpose besides its own id, e.g. <c>["opinion-research"]</c>:
    /// an objection of any of them denies the purpose in checks.</summary>
    public EquatableArray<string>? Bans { get; init; }
}

/// <summary>A newsletter (mailing list).</summary>
public sealed record NewsletterDefinition
{
    /// <summary>List id.</summary>
    public string Id { get; init; } = "";
    /// <summary>Whether subscribing needs a confirmation from the link sent.</summary>
    public bool DoubleOptIn { get; init; }
    /// <summary>SendGrid unsubscribe group (ASM) of the list.</summary>
    public long? SendgridGroupId { get; init; }
    /// <summary>Name per language.</summary>
    public IReadOnlyDictionary<string, string>? Names { get; init; }
    /// <summary>Plain-language description per language.</summary>
    public IReadOnlyDictionary<string, string>? Descriptions { get; init; }
}

/// <summary>A cookie category of the banner.</summary>
public sealed record CookieCategoryDefinition
{
    /// <summary>Category id, e.g. <c>analytics</c>.</summary>
    public string Id { get; init; } = "";
    /// <summary>Necessary categories are always on.</summary>
    public bool Required { get; init; }
    /// <summary>Name per language.</summary>
    public IReadOnlyDictionary<string, string>? Names { get; init; }
    /// <summary>Description per language.</summary>
    public IReadOnlyDictionary<string, string>? Descriptions { get; init; }
    /// <summary>Cookies the banner deletes when the category is refused.</summary>
    public EquatableArray<string> Cookies { get; init; } = EquatableArray<string>.Empty;
    /// <summary>The services (vendors) of the category, each with its own switch in the banner; ids unique in the tenant.
    /// Null when none are listed, so definitions stored before services existed keep their form.</summary>
    public EquatableArray<CookieServiceDefinition>? Services { get; init; }
}

/// <summary>A service inside a cookie category: one vendor's scripts, embeds and cookies, which a visitor may allow alone.</summary>
public sealed record CookieServiceDefinition
{
    /// <summary>Service id, e.g. <c>youtube</c>; what <c>data-consenthub-service</c> names on the site.</summary>
    public string Id { get; init; } = "";
    /// <summary>The service's name as shown, e.g. <c>YouTube</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary>The company behind it, e.g. <c>Google Ireland Ltd</c>.</summary>
    public string? Provider { get; init; }
    /// <summary>The provider's privacy notice.</summary>
    public string? PrivacyUrl { get; init; }
    /// <summary>Cookies the banner deletes when the service is refused.</summary>
    public EquatableArray<string> Cookies { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>SendGrid connection of a tenant.</summary>
public sealed record SendGridSettings
{
    /// <summary>API key (secret; sealed when stored, never shown back).</summary>
    public string? ApiKey { get; init; }
    /// <summary>Sender address of the hub's own messages.</summary>
    public string? FromEmail { get; init; }
    /// <summary>Base64 DER P-256 public key of the signed Event Webhook.</summary>
    public string? WebhookPublicKey { get; init; }
    /// <summary>The unsubscribe groups (ASM group ids) of the tenant's marketing e-mail: a direct-marketing prohibition on
    /// e-mail (or a processing restriction) suppresses the address in each of them, its lift removes it again. Required
    /// with <c>apiKey</c>; never global unsubscribes, so service notices and the hub's own messages still arrive.</summary>
    public EquatableArray<long>? MarketingGroupIds { get; init; }
}

/// <summary>Twilio connection of a tenant.</summary>
public sealed record TwilioSettings
{
    /// <summary>Account SID.</summary>
    public string? AccountSid { get; init; }
    /// <summary>Auth token (secret; sealed when stored, never shown back).</summary>
    public string? AuthToken { get; init; }
    /// <summary>Sender number.</summary>
    public string? From { get; init; }
}

/// <summary>How the cookie banner of a tenant's sites behaves and what it says.</summary>
public sealed record BannerSettings
{
    /// <summary>The privacy notice the banner links to.</summary>
    public string? PrivacyPolicyUrl { get; init; }
    /// <summary>Domain of the <c>consenthub</c> cookie, e.g. <c>example.fi</c> to share the choice across its subdomains.</summary>
    public string? CookieDomain { get; init; }
    /// <summary>The banner's title and main text per language, in place of the hub's own wording.</summary>
    public IReadOnlyDictionary<string, BannerText>? Texts { get; init; }
    /// <summary>Google Consent Mode: <c>advanced</c> (default; Google's tags load before consent and send cookieless pings)
    /// or <c>basic</c> (they are held like any other script until their category is granted).</summary>
    public string? ConsentMode { get; init; }
}

/// <summary>A tenant's own banner wording in one language.</summary>
public sealed record BannerText
{
    /// <summary>The banner's heading.</summary>
    public string? Title { get; init; }
    /// <summary>The banner's main text.</summary>
    public string? Body { get; init; }
}
