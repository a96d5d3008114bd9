using System.Security.Cryptography;
using System.Text;

namespace ConsentHub.Hub.Subscriptions;

/// The Standard Webhooks signing scheme (standardwebhooks.com): secrets are `whsec_` + base64 of random bytes, and a
/// message is signed as `v1,` + base64 HMAC-SHA256, keyed with the secret's bytes, of `{id}.{timestamp}.{body}`.
public static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// Lower-case so it is a hub id (`^[a-z0-9][a-z0-9._:-]*$`) and fits the target name `webhook:{id}`.
    public static string NewSubscriptionId() => "sub-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public static string Sign(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{messageId}.{timestamp}."));
        hmac.AppendData(body);
        return "v1," + Convert.ToBase64String(hmac.GetHashAndReset());
    }
}
