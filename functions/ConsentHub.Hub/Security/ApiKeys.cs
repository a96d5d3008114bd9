using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ConsentHub.Hub.Security;

/// Server-to-server keys: `chk_` + 32 random-looking bytes. Only their SHA-256 is stored. A key is derived from
/// the request that issued it, so the replay of that request (same Idempotency-Key) answers the same key.
public sealed class ApiKeys(HubSecrets secrets)
{
    public string ApiKeyFor(string tenant, string requestId, string purpose) =>
        "chk_" + Base64Url.EncodeToString(Derive($"api-key\n{tenant}\n{requestId}\n{purpose}"));

    public string SiteKeyFor(string tenant, string requestId) =>
        "pk_" + Base64Url.EncodeToString(Derive($"site-key\n{tenant}\n{requestId}"))[..24];

    public static string Sha256(string key) => Hashes.Sha256Hex(key);

    private byte[] Derive(string label) => HMACSHA256.HashData(secrets.MasterKey, Encoding.UTF8.GetBytes(label));
}
