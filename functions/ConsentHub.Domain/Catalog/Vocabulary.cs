namespace ConsentHub.Domain.Catalog;

public static class LegalBases
{
    public const string Consent = "consent";
    public const string LegitimateInterest = "legitimate-interest";
    public const string Contract = "contract";
    public const string LegalObligation = "legal-obligation";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Consent, LegitimateInterest, Contract, LegalObligation };
}

public static class Channels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Phone = "phone";
    public const string Post = "post";
    /// Push notifications to a device: the recipient is a device token (`push:{token}`).
    public const string Push = "push";
    public const string AllChannels = "all";
    public static readonly IReadOnlySet<string> Known = new HashSet<string> { Email, Sms, Phone, Post, Push };
}

/// The bans a privacy notice names (the Finnish notices: "suoramarkkinointi, etämyynti, markkina- ja mielipidetutkimus,
/// henkilömatrikkelit ja sukututkimus"). What each covers in a check is ObjectionCoverage's table.
public static class ObjectionScopes
{
    public const string DirectMarketing = "direct-marketing";
    public const string MarketResearch = "market-research";
    public const string Profiling = "profiling";
    /// Disclosing the person's data to third parties.
    public const string Disclosure = "disclosure";
    /// Publishing the person in mailing lists, directories or registers of people (henkilömatrikkelit).
    public const string DirectoryPublishing = "directory-publishing";
    public const string OpinionResearch = "opinion-research";
    /// Selling at a distance (etämyynti): by phone, post or online, without meeting.
    public const string DistanceSelling = "distance-selling";
    public static readonly IReadOnlySet<string> Known = new HashSet<string>
        { DirectMarketing, MarketResearch, Profiling, Disclosure, DirectoryPublishing, OpinionResearch, DistanceSelling };
}

public static class Languages
{
    public static readonly IReadOnlyList<string> Supported = ["fi", "sv", "en"];
}

public static class Scopes
{
    public const string Admin = "admin";
    public const string ConsentWrite = "consent:write";
    public const string ConsentRead = "consent:read";
    public const string Check = "check";
    public const string Dsr = "dsr";
    public static readonly IReadOnlyList<string> All = [Admin, ConsentWrite, ConsentRead, Check, Dsr];
}
