using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Hub.Security;

/// Keyed hashes of contact points (HMAC-SHA256 with a per-tenant key): the lookup key of a contact point,
/// which outlives erasure so a prohibition keeps holding, and which reveals nothing without the key.
/// A tenant's key is derived once and kept (a check of 1,000 recipients used to derive it 1,000 times); each hash is
/// a one-shot HMAC over a stack buffer, which is thread-safe without a shared HMAC instance.
public sealed class ContactHasher(HubSecrets secrets)
{
    public const int Size = 32;

    private readonly ConcurrentDictionary<string, byte[]> _tenantKeys = new(StringComparer.Ordinal);

    public string Hash(string tenant, ContactPoint contact)
    {
        Span<byte> mac = stackalloc byte[Size];
        HashInto(tenant, contact, mac);
        return Base64Url.EncodeToString(mac);
    }

    /// The same hash as its 32 bytes, for a caller that keys a table by it.
    public void HashInto(string tenant, ContactPoint contact, Span<byte> mac)
    {
        var key = _tenantKeys.GetOrAdd(tenant, static (t, master) => HMACSHA256.HashData(master, Encoding.UTF8.GetBytes("tenant:" + t)), secrets.HashKey);
        var kind = contact.KindName;
        var length = Encoding.UTF8.GetMaxByteCount(kind.Length + 1 + contact.Value.Length);
        byte[]? rented = null;
        var text = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var written = Encoding.UTF8.GetBytes(kind, text);
        text[written++] = (byte)':';
        written += Encoding.UTF8.GetBytes(contact.Value, text[written..]);
        HMACSHA256.HashData(key, text[..written], mac);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }
}
