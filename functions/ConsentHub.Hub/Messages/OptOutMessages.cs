using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Hub.Messages;

/// The confirmation a person gets when a direct-marketing prohibition is recorded for their e-mail or phone,
/// in the tenant's language. Not sent for prohibitions that came from the provider itself (a spam report, an SMS
/// STOP already answered by TwiML), nor for imported ones: a migrated register's prohibitions were made earlier,
/// elsewhere, and confirming each would message every person in it.
public sealed class OptOutMessages : IChangeMessages
{
    private static readonly Dictionary<string, (string Subject, string Email, string Sms)> Texts = new()
    {
        ["fi"] = ("Suoramarkkinointikielto on kirjattu",
            "Hei,\n\nolemme kirjanneet suoramarkkinointikieltosi ({0}). {1} ei lähetä sinulle enää markkinointia tähän osoitteeseen. Palveluviestit, kuten tilausvahvistukset, tulevat edelleen.\n",
            "{1}: suoramarkkinointikieltosi on kirjattu. Et saa enää markkinointiviestejä tähän numeroon."),
        ["sv"] = ("Förbudet mot direktmarknadsföring är registrerat",
            "Hej,\n\nvi har registrerat ditt förbud mot direktmarknadsföring ({0}). {1} skickar inte längre marknadsföring till den här adressen. Tjänstemeddelanden, till exempel orderbekräftelser, kommer fortfarande.\n",
            "{1}: ditt förbud mot direktmarknadsföring är registrerat. Du får inte längre marknadsföring till det här numret."),
        ["en"] = ("Your direct marketing prohibition is recorded",
            "Hello,\n\nwe have recorded your prohibition of direct marketing ({0}). {1} will no longer send marketing to this address. Service notices such as order confirmations still arrive.\n",
            "{1}: your direct marketing prohibition is recorded. You will no longer get marketing to this number."),
    };

    public bool MayCare(ChangeHead head) => head.Is<LedgerEvent.ObjectionRecorded>();

    public IEnumerable<HubMessage> For(ChangeContext change)
    {
        if (change.Event is not LedgerEvent.ObjectionRecorded { Scope: ObjectionScopes.DirectMarketing } objection) yield break;
        if (change.Source is "sendgrid" or "twilio" || change.Imported) yield break;
        var (subject, email, sms) = Texts[Texts.ContainsKey(change.Language) ? change.Language : "en"];
        var name = change.Catalog.Definition.Name;
        var covers = (string channel) => objection.Channel is Channels.AllChannels || objection.Channel == channel;
        if (covers(Channels.Email))
            foreach (var to in change.Emails)
                yield return new HubMessage("email", to, subject, string.Format(null, email, objection.Channel, name), null, new Dictionary<string, string>(), "opt-out-confirmation");
        if (covers(Channels.Sms))
            foreach (var to in change.Phones)
                yield return new HubMessage("sms", to, null, string.Format(null, sms, objection.Channel, name), null, new Dictionary<string, string>(), "opt-out-confirmation");
    }
}
