using System.Globalization;

namespace ConsentHub.Hub.Pages;

/// What a person reads about their data subject requests: the preference center's request form and its answers, and
/// the mails telling them of an extension, completion or refusal. Finnish, Swedish and English; page arguments come
/// in HTML-encoded, mail arguments as they are (the mails are plain text).
public sealed record RequestTexts(
    IReadOnlyDictionary<string, string> TypeNames,
    string SectionTitle, Func<string, string> SectionIntro, string CopyButton, string CorrectLabel, string CorrectButton, string EraseButton, string EraseNote,
    string ProofNote, string ProofNeededBody, string NoSubjectTitle, Func<string, string> NoSubjectBody,
    string InvalidTitle, string UnknownType, string DetailsMissing, Func<int, string> DetailsTooLong,
    string FiledTitle, Func<string, string, string, string, string> FiledBody, string BackLink,
    Func<string, string> ExtendedSubject, Func<string, string, string, string, string, string> ExtendedText,
    Func<string, string> CompletedSubject, Func<string, string, string, string> CompletedText,
    Func<string, string> RejectedSubject, Func<string, string, string, string, string> RejectedText,
    Func<string, string> RequestNumber)
{
    public static RequestTexts For(string? language) => language switch { "sv" => Sv, "en" => En, _ => Fi };

    public string TypeName(string type) => TypeNames.TryGetValue(type, out var name) ? name : type;

    /// A date as the person reads it, on the calendar of Finland (where the hub's tenants are): a deadline late in a
    /// UTC day is already the next day there.
    public static string Date(DateTimeOffset at, string language)
    {
        var local = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Helsinki", out var zone) ? TimeZoneInfo.ConvertTime(at, zone) : at;
        return language == "en" ? local.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : local.ToString("d.M.yyyy", CultureInfo.InvariantCulture);
    }

    public static readonly RequestTexts Fi = new(
        new Dictionary<string, string>
        {
            ["access"] = "kopio tiedoistasi", ["portability"] = "tietojesi siirtäminen", ["erasure"] = "tietojesi poistaminen",
            ["rectification"] = "tietojesi korjaaminen", ["restriction"] = "käsittelyn rajoittaminen", ["objection"] = "käsittelyn vastustaminen",
        },
        "Tietosi", tenant => $"Voit pyytää, että {tenant} antaa sinulle kopion tiedoistasi, korjaa ne tai poistaa ne. Pyyntöön vastataan kuukauden kuluessa.",
        "Pyydä kopio tiedoistani", "Mitä tietoja pitäisi korjata ja miten?", "Pyydä tietojeni korjaamista", "Pyydä tietojeni poistamista",
        "Poiston jälkeen et saa enää viestejä, joihin tietojasi tarvitaan.",
        "Pyynnön voi tehdä vain linkillä, jonka lähetämme sähköpostiisi.",
        "Tällä linkillä ei voi tehdä pyyntöä. Jotta kukaan muu ei voi tehdä pyyntöä tiedoistasi, se tehdään linkillä, jonka lähetämme juuri sinun sähköpostiisi. Mitään ei tallennettu.",
        "Pyyntöä ei voi tehdä täällä", tenant => $"Tähän osoitteeseen ei liity asiakastietoja, joihin pyynnön voisi tehdä tällä sivulla. Ota yhteyttä suoraan: {tenant}.",
        "Pyyntöä ei tallennettu", "Valitse, mitä pyydät.", "Kerro, mitä tietoja pitäisi korjata.", n => $"Kuvaus on liian pitkä: enintään {n} merkkiä.",
        "Pyyntösi on vastaanotettu", (type, tenant, id, due) => $"{tenant} on vastaanottanut pyyntösi ({type}). Pyynnön numero on {id}. Vastaamme viimeistään {due}; saat vastauksen sähköpostiisi.",
        "Takaisin valintoihin",
        tenant => $"Pyyntösi käsittely vie lisäaikaa – {tenant}",
        (type, tenant, received, due, reason) => $"Hei!\n\nPyyntösi ({type}), jonka {tenant} vastaanotti {received}, vaatii lisäaikaa. Vastaamme siihen viimeistään {due}.\n\nSyy: {reason}\n",
        tenant => $"Pyyntösi on käsitelty – {tenant}",
        (type, tenant, received) => $"Hei!\n\n{tenant} on käsitellyt pyyntösi ({type}), jonka se vastaanotti {received}.\n",
        tenant => $"Pyyntöäsi ei toteuteta – {tenant}",
        (type, tenant, received, reason) => $"Hei!\n\n{tenant} ei toteuta pyyntöäsi ({type}), jonka se vastaanotti {received}.\n\nSyy: {reason}\n\nVoit tehdä asiasta valituksen valvontaviranomaiselle (Suomessa tietosuojavaltuutetun toimistolle) ja hakea muutosta tuomioistuimelta.\n",
        id => $"Pyynnön numero: {id}");

    public static readonly RequestTexts Sv = new(
        new Dictionary<string, string>
        {
            ["access"] = "en kopia av dina uppgifter", ["portability"] = "överföring av dina uppgifter", ["erasure"] = "radering av dina uppgifter",
            ["rectification"] = "rättelse av dina uppgifter", ["restriction"] = "begränsning av behandlingen", ["objection"] = "invändning mot behandlingen",
        },
        "Dina uppgifter", tenant => $"Du kan be {tenant} om en kopia av dina uppgifter, att rätta dem eller att radera dem. Begäran besvaras inom en månad.",
        "Begär en kopia av mina uppgifter", "Vilka uppgifter ska rättas och hur?", "Begär rättelse av mina uppgifter", "Begär radering av mina uppgifter",
        "Efter raderingen får du inte längre meddelanden som kräver dina uppgifter.",
        "En begäran kan bara göras med en länk som vi skickar till din e-post.",
        "Med den här länken kan du inte göra en begäran. För att ingen annan ska kunna göra en begäran om dina uppgifter görs den med en länk som vi skickar till just din e-post. Inget registrerades.",
        "Begäran kan inte göras här", tenant => $"Den här adressen är inte kopplad till kunduppgifter som en begäran kan göras om på den här sidan. Kontakta direkt: {tenant}.",
        "Begäran registrerades inte", "Välj vad du begär.", "Berätta vilka uppgifter som ska rättas.", n => $"Beskrivningen är för lång: högst {n} tecken.",
        "Din begäran har tagits emot", (type, tenant, id, due) => $"{tenant} har tagit emot din begäran ({type}). Begärans nummer är {id}. Vi svarar senast {due}; du får svaret per e-post.",
        "Tillbaka till dina val",
        tenant => $"Din begäran behöver mer tid – {tenant}",
        (type, tenant, received, due, reason) => $"Hej!\n\nDin begäran ({type}), som {tenant} tog emot {received}, behöver mer tid. Vi svarar senast {due}.\n\nSkäl: {reason}\n",
        tenant => $"Din begäran är behandlad – {tenant}",
        (type, tenant, received) => $"Hej!\n\n{tenant} har behandlat din begäran ({type}), som togs emot {received}.\n",
        tenant => $"Din begäran genomförs inte – {tenant}",
        (type, tenant, received, reason) => $"Hej!\n\n{tenant} genomför inte din begäran ({type}), som togs emot {received}.\n\nSkäl: {reason}\n\nDu kan lämna in ett klagomål till tillsynsmyndigheten (i Finland dataombudsmannens byrå) och söka rättslig prövning.\n",
        id => $"Begärans nummer: {id}");

    public static readonly RequestTexts En = new(
        new Dictionary<string, string>
        {
            ["access"] = "a copy of your data", ["portability"] = "your data to take elsewhere", ["erasure"] = "erasure of your data",
            ["rectification"] = "correction of your data", ["restriction"] = "restriction of processing", ["objection"] = "objection to processing",
        },
        "Your data", tenant => $"You can ask {tenant} for a copy of your data, to correct it or to erase it. Requests are answered within one month.",
        "Request a copy of my data", "What should be corrected, and how?", "Ask to correct my data", "Ask to erase my data",
        "After erasure you no longer get messages that need your data.",
        "A request can only be made with a link we mail to your address.",
        "A request cannot be made with this link. So that nobody else can make a request about your data, it is made with a link we mail to your own address. Nothing was recorded.",
        "A request cannot be filed here", tenant => $"This address is not linked to customer data that a request could be filed about on this page. Contact {tenant} directly.",
        "The request was not recorded", "Choose what you are asking for.", "Tell us what should be corrected.", n => $"The description is too long: at most {n} characters.",
        "Your request has been received", (type, tenant, id, due) => $"{tenant} has received your request ({type}). Its number is {id}. We will answer by {due} at the latest; the answer comes to your e-mail.",
        "Back to your choices",
        tenant => $"Your request needs more time – {tenant}",
        (type, tenant, received, due, reason) => $"Hello,\n\nyour request ({type}), which {tenant} received on {received}, needs more time. We will answer it by {due} at the latest.\n\nReason: {reason}\n",
        tenant => $"Your request has been handled – {tenant}",
        (type, tenant, received) => $"Hello,\n\n{tenant} has handled your request ({type}), received on {received}.\n",
        tenant => $"Your request was refused – {tenant}",
        (type, tenant, received, reason) => $"Hello,\n\n{tenant} will not carry out your request ({type}), received on {received}.\n\nReason: {reason}\n\nYou may lodge a complaint with a supervisory authority (in Finland, the Office of the Data Protection Ombudsman) and seek a judicial remedy.\n",
        id => $"Request number: {id}");
}
