using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Hub.Security;

/// Keyed hashes of contact points (HMAC-SHA256 with a per-tenant key): the lookup key of a contact point,
/// which outlives erasure so a prohibition keeps holding, and which reveals nothing without the key.
public sealed class ContactHasher(HubSecrets secrets)
{
    public string Hash(string tenant, ContactPoint contact)
    {
        var tenantKey = HMACSHA256.HashData(secrets.HashKey, Encoding.UTF8.GetBytes("tenant:" + tenant));
        var mac = HMACSHA256.HashData(tenantKey, Encoding.UTF8.GetBytes(contact.KindName + ":" + contact.Value));
        return Base64Url.EncodeToString(mac);
    }
}
