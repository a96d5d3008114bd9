using ConsentHub.Hub.Propagation;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace ConsentHub.Hub.Messages.Providers;

/// Twilio through its SDK: the hub's own text messages, from a tenant's account. The SDK's requests go through the
/// "twilio" HttpClient, which sends them to `ConsentHub:Twilio:BaseUrl` when that is set.
public sealed class TwilioApi(IHttpClientFactory clients)
{
    public const string HttpClientName = "twilio";

    // Twilio error codes (twilio.com/docs/api/errors) that change what a status alone would say.
    private const int RecipientOptedOut = 21610;   // the number replied STOP to this sender: Twilio will not deliver, and need not
    private const int TooManyRequests = 20429;

    public async Task<DeliveryResult> SendSmsAsync(string accountSid, string authToken, string from, string to, string body, CancellationToken ct)
    {
        var rest = new TwilioRestClient(accountSid, authToken, httpClient: new SystemNetHttpClient(clients.CreateClient(HttpClientName)));
        var options = new CreateMessageOptions(new PhoneNumber(to)) { PathAccountSid = accountSid, From = new PhoneNumber(from), Body = body };
        try
        {
            ct.ThrowIfCancellationRequested();
            var message = await MessageResource.CreateAsync(options, rest);
            return new DeliveryResult.Accepted(message.Sid);
        }
        catch (ApiException ex)
        {
            return Classify(ex);
        }
        catch (ApiConnectionException ex)
        {
            return new DeliveryResult.Transient($"Messages: connection failed: {ex.InnerException?.Message ?? ex.Message}");
        }
    }

    public static DeliveryResult Classify(ApiException ex)
    {
        var why = $"Messages: {ex.Status} (Twilio error {ex.Code}) {ex.Message}";
        if (ex.Code == RecipientOptedOut) return new DeliveryResult.Accepted("opted-out-at-twilio");
        return ex.Status is 408 or 429 or >= 500 || ex.Code == TooManyRequests
            ? new DeliveryResult.Transient(why)
            : new DeliveryResult.Permanent(why);
    }
}
