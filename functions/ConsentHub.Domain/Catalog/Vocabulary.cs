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
    public const string AllChannels = "all";
    public static readonly IReadOnlySet<string> Known = new HashSet<string> { Email, Sms, Phone, Post };
}

public static class ObjectionScopes
{
    public const string DirectMarketing = "direct-marketing";
    public static readonly IReadOnlySet<string> Known =
        new HashSet<string> { DirectMarketing, "market-research", "profiling", "disclosure", "directory-publishing" };
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
