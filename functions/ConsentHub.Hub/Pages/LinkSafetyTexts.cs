namespace ConsentHub.Hub.Pages;

/// What the link pages say when they refuse or guard something: a form from another site, a form that cannot be
/// read, opting in without a freshly mailed link ("send me a link"), and an address whose data was erased; and the
/// mail that carries the fresh link. Finnish, Swedish and English; page arguments come in HTML-encoded.
public sealed record LinkSafetyTexts(
    string FormRefusedTitle, string FormRefusedBody, string FormBrokenTitle, string FormBrokenBody,
    Func<string, string> ProofNote, string ProofNoteNoAddress, string SendLinkButton, string ProofNeededTitle, string ProofNeededBody,
    string LinkSentTitle, Func<string, string> LinkSentBody, string NoAddressTitle, string NoAddressBody,
    Func<string, string> MailSubject, Func<string, string, string> MailText, string MailButton, Func<string, string> MailIgnore,
    string ErasedTitle, Func<string, string> ErasedBody)
{
    public static LinkSafetyTexts For(string? language) => language switch { "sv" => Sv, "en" => En, _ => Fi };

    public static readonly LinkSafetyTexts Fi = new(
        "Lomaketta ei hyväksytty", "Lomake lähetettiin toiselta sivustolta, joten mitään ei tallennettu. Avaa linkki suoraan viestistä.",
        "Lomaketta ei voitu lukea", "Mitään ei tallennettu. Lataa sivu uudelleen ja yritä uudestaan.",
        email => $"Tällä linkillä voit perua mitä tahansa. Jotta voit ottaa jotain käyttöön, lähetämme osoitteeseen {email} uuden linkin, joka on voimassa tunnin.",
        "Tällä linkillä voit perua mitä tahansa. Käyttöön ottamiseen tarvitaan linkki, jonka lähetämme sähköpostiisi, mutta sinulle ei ole tallennettu sähköpostiosoitetta.",
        "Lähetä minulle linkki",
        "Vahvista sähköpostiosoitteesi", "Tällä linkillä voi vain perua. Jos haluat ottaa jotain käyttöön, pyydä sähköpostiisi uusi linkki alla olevalla painikkeella. Mitään ei tallennettu.",
        "Linkki on lähetetty", email => $"Lähetimme osoitteeseen {email} linkin, jolla voit muuttaa valintojasi. Linkki on voimassa tunnin. Jos viestiä ei näy, katso roskapostikansio; uuden linkin voi pyytää muutaman minuutin kuluttua.",
        "Osoitetta ei ole", "Sinulle ei ole tallennettu sähköpostiosoitetta, johon linkin voisi lähettää.",
        tenant => $"Linkki viestintävalintoihisi – {tenant}",
        (tenant, link) => $"Hei!\n\nPyysit linkkiä, jolla voit valita, mistä {tenant} saa lähettää sinulle viestejä. Linkki on voimassa tunnin:\n\n{link}\n\nJos et pyytänyt linkkiä, voit jättää tämän viestin huomiotta: mikään ei muutu.\n",
        "Avaa valintasi", tenant => $"Jos et pyytänyt linkkiä, voit jättää tämän viestin huomiotta: {tenant} ei muuta mitään ilman sinua.",
        "Tiedot on poistettu", tenant => $"{tenant} on poistanut tähän osoitteeseen liittyvät tiedot. Tähän osoitteeseen ei lähetetä markkinointia, eikä tällä linkillä tallenneta enää mitään.");

    public static readonly LinkSafetyTexts Sv = new(
        "Formuläret godtogs inte", "Formuläret skickades från en annan webbplats, så inget registrerades. Öppna länken direkt från meddelandet.",
        "Formuläret kunde inte läsas", "Inget registrerades. Ladda om sidan och försök igen.",
        email => $"Med den här länken kan du stänga av vad som helst. För att slå på något skickar vi en ny länk till {email} som gäller i en timme.",
        "Med den här länken kan du stänga av vad som helst. För att slå på något behövs en länk som vi skickar till din e-post, men ingen e-postadress finns registrerad för dig.",
        "Skicka mig en länk",
        "Bekräfta din e-postadress", "Med den här länken kan du bara stänga av. Vill du slå på något, be om en ny länk till din e-post med knappen nedan. Inget registrerades.",
        "Länken har skickats", email => $"Vi har skickat en länk till {email} där du kan ändra dina val. Länken gäller i en timme. Syns inget meddelande, titta i skräpposten; en ny länk kan begäras om några minuter.",
        "Ingen adress", "Ingen e-postadress som länken kunde skickas till finns registrerad för dig.",
        tenant => $"Länk till dina kommunikationsval – {tenant}",
        (tenant, link) => $"Hej!\n\nDu bad om en länk där du kan välja vad {tenant} får skicka dig meddelanden om. Länken gäller i en timme:\n\n{link}\n\nOm du inte bad om länken kan du strunta i det här meddelandet: ingenting ändras.\n",
        "Öppna dina val", tenant => $"Om du inte bad om länken kan du strunta i det här meddelandet: {tenant} ändrar ingenting utan dig.",
        "Uppgifterna har raderats", tenant => $"{tenant} har raderat uppgifterna som hör till den här adressen. Ingen marknadsföring skickas till den här adressen, och inget registreras längre via den här länken.");

    public static readonly LinkSafetyTexts En = new(
        "Form not accepted", "The form was sent from another website, so nothing was recorded. Open the link straight from the message.",
        "The form could not be read", "Nothing was recorded. Reload the page and try again.",
        email => $"With this link you can turn anything off. To turn something on, we send a new link to {email} that works for one hour.",
        "With this link you can turn anything off. Turning something on needs a link we send to your e-mail, but no e-mail address is on record for you.",
        "Send me a link",
        "Confirm your e-mail address", "This link can only turn things off. To turn something on, ask for a new link to your e-mail with the button below. Nothing was recorded.",
        "Link sent", email => $"We sent a link to {email} where you can change your choices. It works for one hour. If no message arrives, look in your spam folder; you can ask for a new link in a few minutes.",
        "No address", "No e-mail address is on record for you to send the link to.",
        tenant => $"A link to your communication choices – {tenant}",
        (tenant, link) => $"Hello,\n\nYou asked for a link where you can choose what {tenant} may send you messages about. It works for one hour:\n\n{link}\n\nIf you did not ask for it, you can ignore this message: nothing changes.\n",
        "Open your choices", tenant => $"If you did not ask for it, you can ignore this message: {tenant} changes nothing without you.",
        "This address's data has been erased", tenant => $"{tenant} has erased the data held about this address. No marketing is sent to this address, and this link no longer records anything.");
}
