using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ConsentHub.Hub.Webhooks;

/// SendGrid's Signed Event Webhook: an ECDSA P-256 / SHA-256 signature (base64 of DER) over the timestamp header
/// followed by the raw body bytes, checked with the verification key SendGrid shows (base64 DER SubjectPublicKeyInfo).
public static class SendGridSignature
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    public static bool Verify(string? publicKey, string? signature, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(publicKey) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp)) return false;
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
            var stamp = Encoding.UTF8.GetBytes(timestamp);
            var signed = new byte[stamp.Length + body.Length];
            stamp.CopyTo(signed, 0);
            body.CopyTo(signed.AsSpan(stamp.Length));
            return ecdsa.VerifyData(signed, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }

    /// Within the tolerance of the hub's clock, either way; the timestamp is unix seconds.
    public static bool IsFresh(string? timestamp, DateTimeOffset now, TimeSpan tolerance) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && Math.Abs(now.ToUnixTimeSeconds() - seconds) <= tolerance.TotalSeconds;
}
