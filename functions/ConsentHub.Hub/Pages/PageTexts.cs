namespace ConsentHub.Hub.Pages;

/// Everything a person reads on the hub's pages and in its e-mails, in Finnish, Swedish and English.
/// Arguments are passed in already HTML-encoded where the text goes into a page.
public sealed record PageTexts(
    string LanguageName,
    string LinkInvalidTitle, string LinkInvalidBody, string LinkExpiredTitle, string LinkExpiredBody,
    Func<string, string> UnsubscribeListTitle, Func<string, string, string> UnsubscribeListQuestion, string UnsubscribeListButton,
    string UnsubscribeDirectMarketingTitle, Func<string, string, string> UnsubscribeDirectMarketingQuestion,
    Func<string, string, string> UnsubscribePurposeQuestion, string UnsubscribePurposeButton,
    string DoneTitle, Func<string, string> DoneList, Func<string, string> DonePurpose,
    string ConfirmedTitle, Func<string, string> ConfirmedBody, string ConfirmGoneTitle, string ConfirmGoneBody,
    Func<string, string> ConfirmSubject, Func<string, string, string, string> ConfirmText, string ConfirmButton, Func<string, string> ConfirmIgnore,
    string CenterTitle, Func<string, string, string> CenterIntro, Func<string, string> CenterIntroSubject, string CenterPurposes, string CenterNewsletters,
    string CenterServiceNote, string CenterPending, string CenterBlocked, string CenterRestricted, string CenterSave, string CenterStopAll,
    string CenterStopAllNote, string CenterSaved, string CenterStopped, string DirectMarketingName, string DirectMarketingDescription)
{
    public static PageTexts For(string? language) => language switch { "sv" => Sv, "en" => En, _ => Fi };

    public static readonly PageTexts Fi = new(
        "Suomeksi",
        "Linkki ei kelpaa", "Linkki on vahingoittunut tai sitä on muutettu. Kopioi linkki viestistä kokonaan tai pyydä uusi.",
        "Linkki on vanhentunut", "Tämä linkki ei ole enää voimassa. Pyydä uusi linkki.",
        list => $"Peru tilaus: {list}", (list, email) => $"Haluatko lopettaa uutiskirjeen {list} tilauksen osoitteeseen {email}?", "Peru tilaus",
        "Kiellä suoramarkkinointi", (tenant, email) => $"Haluatko kieltää yrityksen {tenant} suoramarkkinoinnin sähköpostiosoitteeseesi {email}?",
        (purpose, email) => $"Haluatko lopettaa viestit tarkoitukseen {purpose} osoitteeseen {email}?", "Lopeta viestit",
        "Valmis", list => $"Et saa enää uutiskirjettä {list}.", tenant => $"Valintasi on kirjattu. {tenant} ei lähetä sinulle enää näitä viestejä sähköpostitse.",
        "Tilaus vahvistettu", list => $"Kiitos! Saat jatkossa uutiskirjeen {list}. Voit perua tilauksen milloin tahansa jokaisen viestin lopussa olevasta linkistä.",
        "Tilausta ei voi vahvistaa", "Tilaus on peruttu tämän linkin lähettämisen jälkeen. Voit tilata uutiskirjeen uudelleen.",
        list => $"Vahvista uutiskirjeen {list} tilaus",
        (tenant, list, link) => $"Hei!\n\nSaimme pyynnön tilata yrityksen {tenant} uutiskirje {list} tähän sähköpostiosoitteeseen. Vahvista tilaus avaamalla linkki:\n\n{link}\n\nJos et tilannut uutiskirjettä, voit jättää tämän viestin huomiotta: et saa uutiskirjettä ilman vahvistusta.\n",
        "Vahvista tilaus", tenant => $"Jos et tilannut uutiskirjettä, voit jättää tämän viestin huomiotta: {tenant} ei lähetä uutiskirjettä ilman vahvistusta.",
        "Viestintävalintasi", (tenant, email) => $"Valitse, mistä asioista {tenant} saa lähettää sinulle viestejä osoitteeseen {email}. Muutokset tallentuvat, kun painat Tallenna valinnat.",
        tenant => $"Valitse, mistä asioista {tenant} saa lähettää sinulle viestejä. Muutokset tallentuvat, kun painat Tallenna valinnat.",
        "Käyttötarkoitukset", "Uutiskirjeet",
        "Aina käytössä: palveluviestit kuuluvat asiakassuhteeseesi, eikä niitä lähetetä markkinointina.", "Odottaa vahvistusta sähköpostistasi",
        "Estetty, koska olet kieltänyt suoramarkkinoinnin", "Tietojesi käsittelyä on rajoitettu pyynnöstäsi, joten sinulle ei lähetetä markkinointia.",
        "Tallenna valinnat", "Lopeta kaikki markkinointi",
        "Kieltää kaiken suoramarkkinoinnin sähköpostiisi ja peruu kaikki uutiskirjeet. Palveluviestit tulevat edelleen.",
        "Valintasi on tallennettu.", "Kaikki markkinointi on lopetettu.",
        "Suoramarkkinointi", "Tarjoukset ja uutiset, joita lähetämme asiakkaillemme.");

    public static readonly PageTexts Sv = new(
        "På svenska",
        "Länken är ogiltig", "Länken är skadad eller har ändrats. Kopiera hela länken från meddelandet eller be om en ny.",
        "Länken har gått ut", "Den här länken gäller inte längre. Be om en ny länk.",
        list => $"Avsluta prenumeration: {list}", (list, email) => $"Vill du avsluta prenumerationen på nyhetsbrevet {list} till {email}?", "Avsluta prenumerationen",
        "Förbjud direktmarknadsföring", (tenant, email) => $"Vill du förbjuda direktmarknadsföring från {tenant} till din e-postadress {email}?",
        (purpose, email) => $"Vill du inte längre få meddelanden för {purpose} till {email}?", "Stoppa meddelandena",
        "Klart", list => $"Du får inte längre nyhetsbrevet {list}.", tenant => $"Ditt val har registrerats. {tenant} skickar inte längre dessa meddelanden till dig per e-post.",
        "Prenumerationen är bekräftad", list => $"Tack! Du får nu nyhetsbrevet {list}. Du kan avsluta prenumerationen när som helst via länken i slutet av varje meddelande.",
        "Prenumerationen kan inte bekräftas", "Prenumerationen avslutades efter att den här länken skickades. Du kan prenumerera på nytt.",
        list => $"Bekräfta prenumerationen på {list}",
        (tenant, list, link) => $"Hej!\n\nVi har fått en begäran om att prenumerera på nyhetsbrevet {list} från {tenant} till den här e-postadressen. Bekräfta prenumerationen genom att öppna länken:\n\n{link}\n\nOm du inte har beställt nyhetsbrevet kan du strunta i det här meddelandet: du får inget nyhetsbrev utan bekräftelse.\n",
        "Bekräfta prenumerationen", tenant => $"Om du inte har beställt nyhetsbrevet kan du strunta i det här meddelandet: {tenant} skickar inget nyhetsbrev utan bekräftelse.",
        "Dina kommunikationsval", (tenant, email) => $"Välj vad {tenant} får skicka dig meddelanden om till {email}. Ändringarna sparas när du trycker på Spara val.",
        tenant => $"Välj vad {tenant} får skicka dig meddelanden om. Ändringarna sparas när du trycker på Spara val.",
        "Ändamål", "Nyhetsbrev",
        "Alltid på: tjänstemeddelanden hör till ditt kundförhållande och skickas inte som marknadsföring.", "Väntar på bekräftelse från din e-post",
        "Blockerat eftersom du har förbjudit direktmarknadsföring", "Behandlingen av dina uppgifter är begränsad på din begäran, så ingen marknadsföring skickas till dig.",
        "Spara val", "Stoppa all marknadsföring",
        "Förbjuder all direktmarknadsföring till din e-post och avslutar alla nyhetsbrev. Tjänstemeddelanden kommer fortfarande.",
        "Dina val har sparats.", "All marknadsföring har stoppats.",
        "Direktmarknadsföring", "Erbjudanden och nyheter som vi skickar till våra kunder.");

    public static readonly PageTexts En = new(
        "In English",
        "This link is not valid", "The link is damaged or has been changed. Copy the whole link from the message, or ask for a new one.",
        "This link has expired", "This link is no longer valid. Please ask for a new one.",
        list => $"Unsubscribe: {list}", (list, email) => $"Do you want to stop receiving {list} at {email}?", "Unsubscribe",
        "Stop direct marketing", (tenant, email) => $"Do you want to forbid direct marketing from {tenant} to your e-mail address {email}?",
        (purpose, email) => $"Do you want to stop messages for {purpose} to {email}?", "Stop these messages",
        "Done", list => $"You will no longer receive {list}.", tenant => $"Your choice has been recorded. {tenant} will no longer send you these messages by e-mail.",
        "Subscription confirmed", list => $"Thank you! You will now receive {list}. You can unsubscribe at any time from the link at the end of every message.",
        "This subscription cannot be confirmed", "The subscription was cancelled after this link was sent. You can subscribe again.",
        list => $"Confirm your subscription to {list}",
        (tenant, list, link) => $"Hello,\n\nWe received a request to subscribe this e-mail address to {list} from {tenant}. Confirm the subscription by opening this link:\n\n{link}\n\nIf you did not ask for it, you can ignore this message: you will not receive anything without confirming.\n",
        "Confirm subscription", tenant => $"If you did not ask for it, you can ignore this message: {tenant} sends nothing without your confirmation.",
        "Your communication choices", (tenant, email) => $"Choose what {tenant} may send you messages about at {email}. Changes are saved when you press Save choices.",
        tenant => $"Choose what {tenant} may send you messages about. Changes are saved when you press Save choices.",
        "Purposes", "Newsletters",
        "Always on: service messages belong to your customer relationship and are never sent as marketing.", "Waiting for confirmation from your e-mail",
        "Blocked because you have forbidden direct marketing", "Processing of your data is restricted at your request, so no marketing is sent to you.",
        "Save choices", "Stop all marketing",
        "Forbids all direct marketing to your e-mail and cancels every newsletter. Service messages still arrive.",
        "Your choices have been saved.", "All marketing has been stopped.",
        "Direct marketing", "Offers and news we send to our customers.");
}
