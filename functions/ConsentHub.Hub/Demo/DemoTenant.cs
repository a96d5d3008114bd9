using ConsentHub.Contracts.Events;

namespace ConsentHub.Hub.Demo;

/// The demo register: a Finnish retailer's catalog as a newcomer would meet it.
public static class DemoTenant
{
    public const string Id = "demo";

    private static Dictionary<string, string> Names(string fi, string sv, string en) => new() { ["fi"] = fi, ["sv"] = sv, ["en"] = en };

    public static TenantDefinition Definition => new()
    {
        Id = Id,
        Name = "Pohjolan Kauppa Oy",
        BusinessId = "2715049-8",
        Languages = new(["fi", "sv", "en"]),
        DefaultLanguage = "fi",
        PolicyVersion = "2026-01-01",
        Purposes = new([
            new PurposeDefinition { Id = "direct-marketing", LegalBasis = "legitimate-interest", Channels = new(["email", "sms", "phone", "post"]), Marketing = true,
                Names = Names("Suoramarkkinointi", "Direktmarknadsföring", "Direct marketing"),
                Descriptions = Names("Tarjouksia ja uutisia asiakkaillemme sähköpostilla, tekstiviestillä, puhelimitse ja postitse.",
                    "Erbjudanden och nyheter till våra kunder per e-post, sms, telefon och post.",
                    "Offers and news to our customers by e-mail, text message, phone and post.") },
            new PurposeDefinition { Id = "market-research", LegalBasis = "consent", Channels = new(["email", "phone"]), Marketing = true,
                Names = Names("Markkinatutkimus", "Marknadsundersökning", "Market research"),
                Descriptions = Names("Asiakaskyselyt palvelumme kehittämiseksi.", "Kundenkäter för att utveckla vår service.", "Customer surveys to improve our service.") },
            new PurposeDefinition { Id = "profiling", LegalBasis = "consent", Channels = new(["email"]), Marketing = true,
                Names = Names("Profilointi", "Profilering", "Profiling"),
                Descriptions = Names("Ostoshistoriaan perustuvat henkilökohtaiset suositukset.", "Personliga rekommendationer utifrån köphistorik.", "Personal recommendations based on purchase history.") },
            new PurposeDefinition { Id = "service-notices", LegalBasis = "contract", Channels = new(["email", "sms"]),
                Names = Names("Palveluviestit", "Tjänstemeddelanden", "Service notices"),
                Descriptions = Names("Tilausvahvistukset ja toimitustiedot.", "Orderbekräftelser och leveransbesked.", "Order confirmations and delivery notices.") },
        ]),
        Newsletters = new([
            new NewsletterDefinition { Id = "weekly", DoubleOptIn = true, Names = Names("Viikkokirje", "Veckobrev", "Weekly letter"),
                Descriptions = Names("Viikon parhaat tarjoukset joka torstai.", "Veckans bästa erbjudanden varje torsdag.", "The week's best offers every Thursday.") },
        ]),
        CookieCategories = new([
            new CookieCategoryDefinition { Id = "necessary", Required = true, Names = Names("Välttämättömät", "Nödvändiga", "Necessary") },
            new CookieCategoryDefinition { Id = "analytics", Names = Names("Analytiikka", "Analys", "Analytics"), Cookies = new(["_ga", "_gid"]) },
            new CookieCategoryDefinition { Id = "marketing", Names = Names("Markkinointi", "Marknadsföring", "Marketing"), Cookies = new(["_fbp", "_gcl_au"]) },
        ]),
        AllowedOrigins = new(["http://localhost:8080", "http://127.0.0.1:8080"]),
    };
}
