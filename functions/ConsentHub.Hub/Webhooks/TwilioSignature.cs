using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace ConsentHub.Hub.Webhooks;

/// Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the account's auth token, of the full URL Twilio
/// called followed by every POST parameter, sorted by name, as name and value with nothing between.
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, values) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            foreach (var value in values.Order(StringComparer.Ordinal))
                data.Append(name).Append(value);
#pragma warning disable CA5350 // SHA-1 is what Twilio signs with; the hub only checks it.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    public static bool IsValid(string? authToken, string? signature, string url, IEnumerable<KeyValuePair<string, StringValues>> parameters) =>
        !string.IsNullOrEmpty(authToken) && !string.IsNullOrEmpty(signature)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Compute(authToken, url, parameters)), Encoding.UTF8.GetBytes(signature));
}
