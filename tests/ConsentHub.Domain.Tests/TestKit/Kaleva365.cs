using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;

namespace ConsentHub.Domain.Tests.TestKit;

/// A Finnish tenant's register as a sender checks against it.
public static class Kaleva365
{
    public const string DirectMarketing = "direct-marketing";
    public const string MarketResearch = "market-research";
    public const string Profiling = "profiling";
    public const string ServiceNotices = "service-notices";
    public const string SafetyRecalls = "safety-recalls";
    public const string Weekly = "newsletter:weekly";

    public static readonly string[] AllChannels = ["email", "sms", "phone", "post"];

    public static readonly TenantDefinition Definition = new()
    {
        Id = "kaleva365",
        Name = "Kaleva365 Oy",
        BusinessId = "2715049-8",
        Languages = new[] { "fi", "sv", "en" },
        DefaultLanguage = "fi",
        PolicyVersion = Sample.PolicyVersion,
        Purposes = new[]
        {
            Purpose(DirectMarketing, LegalBases.LegitimateInterest, AllChannels, "Suoramarkkinointi", "Direktmarknadsföring"),
            Purpose(MarketResearch, LegalBases.Consent, ["email", "sms", "phone"], "Markkinatutkimus", "Marknadsundersökning") with { Marketing = true },
            Purpose(Profiling, LegalBases.Consent, AllChannels, "Profilointi", "Profilering"),
            Purpose(ServiceNotices, LegalBases.Contract, ["email", "sms"], "Palveluviestit", "Tjänstemeddelanden"),
            Purpose(SafetyRecalls, LegalBases.LegalObligation, ["email", "sms", "post"], "Tuoteturvallisuustiedotteet", "Produktsäkerhetsmeddelanden"),
        },
        Newsletters = new[] { new NewsletterDefinition { Id = "weekly", DoubleOptIn = true, SendgridGroupId = 12345, Names = Names("Viikkokirje", "Veckobrev") } },
        CookieCategories = new[] { new CookieCategoryDefinition { Id = "necessary", Required = true }, new CookieCategoryDefinition { Id = "analytics" } },
        AllowedOrigins = new[] { "https://www.kaleva365.fi" },
    };

    public static readonly TenantCatalog Catalog = new(Definition);

    /// Every purpose a direct-marketing prohibition must stop.
    public static readonly string[] MarketingPurposes = [DirectMarketing, MarketResearch, Weekly];

    private static PurposeDefinition Purpose(string id, string basis, string[] channels, string fi, string sv) =>
        new() { Id = id, LegalBasis = basis, Channels = channels, Names = Names(fi, sv) };

    private static Dictionary<string, string> Names(string fi, string sv) => new() { ["fi"] = fi, ["sv"] = sv };
}
