using ConsentHub.Hub.Propagation;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace ConsentHub.Hub.Messages.Providers;

/// Twilio through its SDK: the hub's own text messages, from a tenant's account. The SDK's requests go through the
/// "twilio" HttpClient, which sends them to `ConsentHub:Twilio:BaseUrl` when that is set.
public sealed class TwilioApi(IHttpClientFactory clients, TimeProvider clock)
{
    public const string HttpClientName = "twilio";

    // Twilio error codes (twilio.com/docs/api/errors) that change what a status alone would say.
    private const int RecipientOptedOut = 21610;   // the number replied STOP to this sender: Twilio will not deliver, and need not
    private const int TooManyRequests = 20429;

    public async Task<DeliveryResult> SendSmsAsync(string accountSid, string authToken, string from, string to, string body, CancellationToken ct)
    {
        var http = new SystemNetHttpClient(clients.CreateClient(HttpClientName));   // one per send: its LastResponse is this send's
        var rest = new TwilioRestClient(accountSid, authToken, httpClient: http);
        var options = new CreateMessageOptions(new PhoneNumber(to)) { PathAccountSid = accountSid, From = new PhoneNumber(from), Body = body };
        try
        {
            ct.ThrowIfCancellationRequested();
            var message = await MessageResource.CreateAsync(options, rest);
            return new DeliveryResult.Accepted(message.Sid);
        }
        catch (ApiException ex)
        {
            // The SDK's exception carries no headers; the answer it came from does, with Twilio's Retry-After.
            return Classify(ex, RetryAfterHeader.Wait(http.LastResponse?.Headers?.RetryAfter, clock));
        }
        catch (ApiConnectionException ex)
        {
            return new DeliveryResult.Transient($"Messages: connection failed: {ex.InnerException?.Message ?? ex.Message}");
        }
    }

    public static DeliveryResult Classify(ApiException ex, TimeSpan? retryAfter = null)
    {
        var why = $"Messages: {ex.Status} (Twilio error {ex.Code}) {ex.Message}";
        if (ex.Code == RecipientOptedOut) return new DeliveryResult.Accepted("opted-out-at-twilio");
        return ex.Status is 408 or 429 or >= 500 || ex.Code == TooManyRequests
            ? new DeliveryResult.Transient(why, retryAfter)
            : new DeliveryResult.Permanent(why);
    }
}
