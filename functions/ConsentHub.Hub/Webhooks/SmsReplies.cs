using System.Collections.Frozen;
using System.Text;
using System.Xml.Linq;

namespace ConsentHub.Hub.Webhooks;

public enum SmsKeyword { None, Stop, Start }

/// The opt-out words of an inbound SMS and the TwiML replies to them, in Finnish, Swedish and English.
public static class SmsReplies
{
    public const string Lopeta = "LOPETA";

    private static readonly FrozenSet<string> StopWords =
        new[] { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", Lopeta }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    private static readonly FrozenSet<string> StartWords =
        new[] { "START", "YES", "UNSTOP" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, (string Stopped, string Started)> Texts = new Dictionary<string, (string, string)>
    {
        ["fi"] = ("{0}: suoramarkkinointi tähän numeroon on nyt kielletty. Voit perua kiellon lähettämällä START.",
                  "{0}: suoramarkkinointikielto tähän numeroon on peruttu. Voit kieltää sen uudelleen lähettämällä LOPETA."),
        ["sv"] = ("{0}: direktmarknadsföring till det här numret är nu förbjuden. Skicka START för att häva förbudet.",
                  "{0}: förbudet mot direktmarknadsföring till det här numret är hävt. Skicka STOP för att förbjuda den igen."),
        ["en"] = ("{0}: direct marketing to this number is now prohibited. Reply START to lift the prohibition.",
                  "{0}: direct marketing to this number is allowed again. Reply STOP to prohibit it."),
    }.ToFrozenDictionary();

    public static SmsKeyword KeywordOf(string? body)
    {
        var word = body?.Trim() ?? "";
        return StopWords.Contains(word) ? SmsKeyword.Stop : StartWords.Contains(word) ? SmsKeyword.Start : SmsKeyword.None;
    }

    /// LOPETA is answered in Finnish whatever the tenant's default; every other word in the tenant's default language.
    public static string Text(SmsKeyword keyword, string body, string defaultLanguage, string tenantName)
    {
        var language = string.Equals(body.Trim(), Lopeta, StringComparison.OrdinalIgnoreCase) ? "fi" : defaultLanguage;
        var (stopped, started) = Texts.GetValueOrDefault(language, Texts["fi"]);
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, keyword == SmsKeyword.Stop ? stopped : started, tenantName);
    }

    /// `<Response><Message>…</Message></Response>`, or an empty `<Response/>` (no reply) when there is no message.
    public static IResult TwiML(string? message)
    {
        var response = new XElement("Response", message is null ? null : new XElement("Message", message));
        var xml = new XDeclaration("1.0", "UTF-8", null) + response.ToString(SaveOptions.DisableFormatting);
        return Results.Text(xml, "text/xml", Encoding.UTF8);
    }
}
