namespace ConsentHub.Hub.Banner;

/// The banner's own wording in Finnish, Swedish and English; a tenant may replace the title and body.
public static class BannerTexts
{
    public sealed record Wording(string Title, string Body, string AcceptAll, string RejectAll, string Settings, string Save,
        string Choose, string AlwaysOn, string Gpc, string Privacy, string Later);

    /// An embed's placeholder: {service} is the service's name, {category} the category's (lower-cased by the banner).
    public sealed record EmbedWording(string Embed, string EmbedAny, string Load, string Allow);

    public static EmbedWording Embeds(string language) => language switch
    {
        "sv" => new("Det här innehållet kommer från {service}, som använder cookies ({category}). Vill du läsa in det?",
            "Det här innehållet använder cookies ({category}). Vill du läsa in det?", "Läs in innehållet", "Tillåt hela kategorin: {category}"),
        "en" => new("This content is from {service}, which sets {category} cookies. Load it?",
            "This content sets {category} cookies. Load it?", "Load content", "Allow all {category} cookies"),
        _ => new("Tämä sisältö tulee palvelusta {service}, joka käyttää evästeitä ({category}). Ladataanko se?",
            "Tämä sisältö käyttää evästeitä ({category}). Ladataanko se?", "Lataa sisältö", "Salli koko luokka: {category}"),
    };

    public static Wording For(string language, string tenantName) => language switch
    {
        "sv" => new("Cookies och din integritet",
            $"{tenantName} använder nödvändiga cookies för att webbplatsen ska fungera. Andra cookies använder vi bara med ditt samtycke, för analys och marknadsföring. Du kan godkänna eller neka alla, eller välja själv. Du kan ändra ditt val när som helst.",
            "Godkänn alla", "Neka alla", "Cookieinställningar", "Spara val", "Välj cookies", "Alltid på",
            "Din webbläsares inställning Global Privacy Control är på, så marknadsföringscookies förblir avstängda.", "Dataskyddsbeskrivning",
            "Om du återkallar ditt samtycke gäller det från nästa gång en sida laddas. Det som redan körts på den här sidan stoppas inte."),
        "en" => new("Cookies and your privacy",
            $"{tenantName} uses necessary cookies to run this site. Other cookies we use only with your consent, for analytics and marketing. You can accept or reject them all, or choose for yourself. You can change your choice at any time.",
            "Accept all", "Reject all", "Cookie settings", "Save choices", "Choose cookies", "Always on",
            "Your browser's Global Privacy Control setting is on, so marketing cookies stay off.", "Privacy notice",
            "If you withdraw consent, it takes effect from the next page load. What has already run on this page is not stopped."),
        _ => new("Evästeet ja yksityisyytesi",
            $"{tenantName} käyttää välttämättömiä evästeitä sivuston toimintaan. Muita evästeitä käytämme vain suostumuksellasi: analytiikkaan ja markkinointiin. Voit hyväksyä tai hylätä ne kaikki, tai valita itse. Voit muuttaa valintaasi milloin tahansa.",
            "Hyväksy kaikki", "Hylkää kaikki", "Evästeasetukset", "Tallenna valinnat", "Valitse evästeet", "Aina päällä",
            "Selaimesi Global Privacy Control -asetus on päällä, joten markkinointievästeet pysyvät pois päältä.", "Tietosuojaseloste",
            "Jos perut suostumuksen, muutos tulee voimaan seuraavasta sivun latauksesta. Tällä sivulla jo käynnistynyttä ei pysäytetä."),
    };

    /// Names and descriptions of the usual categories, for tenants that give none.
    public static (string Name, string Description)? Category(string id, string language) => (id, language) switch
    {
        ("necessary", "sv") => ("Nödvändiga", "Webbplatsens funktion och säkerhet, till exempel att komma ihåg detta val."),
        ("necessary", "en") => ("Necessary", "Running the site securely, such as remembering this choice."),
        ("necessary", _) => ("Välttämättömät", "Sivuston toiminta ja tietoturva, esimerkiksi tämän valinnan muistaminen."),
        ("analytics", "sv") => ("Analys", "Besöksstatistik som hjälper oss att utveckla webbplatsen."),
        ("analytics", "en") => ("Analytics", "Visitor statistics that help us improve the site."),
        ("analytics", _) => ("Analytiikka", "Kävijätilastot, joiden avulla kehitämme sivustoa."),
        ("marketing", "sv") => ("Marknadsföring", "Riktad reklam och mätning av dess resultat, även hos våra partner."),
        ("marketing", "en") => ("Marketing", "Targeting ads and measuring their results, also with our partners."),
        ("marketing", _) => ("Markkinointi", "Mainonnan kohdentaminen ja sen tulosten mittaaminen, myös kumppaniemme palveluissa."),
        ("preferences", "sv") => ("Inställningar", "Kommer ihåg dina val, som språket."),
        ("preferences", "en") => ("Preferences", "Remembers your choices, such as the language."),
        ("preferences", _) => ("Asetukset", "Muistaa valintasi, kuten kielen."),
        _ => null,
    };
}
