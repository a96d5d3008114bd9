using System.Net.Http.Headers;
using System.Text;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Hub.Messages.Providers;

/// Twilio's Messages API for the hub's own SMS, Basic auth with the account SID and auth token.
/// Base address from `ConsentHub:Twilio:BaseUrl` (default https://api.twilio.com).
public sealed class TwilioClient(HttpClient http, TimeProvider clock)
{
    public const string HttpClientName = "twilio";

    public async Task<DeliveryResult> SendSmsAsync(string accountSid, string authToken, string from, string to, string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Messages.json")
        {
            Content = new FormUrlEncodedContent([new("To", to), new("From", from), new("Body", body)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{authToken}")));
        using var response = await http.SendAsync(request, ct);
        return await ProviderResponses.ClassifyAsync(response, "Messages", clock);
    }
}
