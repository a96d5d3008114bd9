using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Hub.Security;

/// Keyed hashes of contact points (HMAC-SHA256 with a per-tenant key): the lookup key of a contact point,
/// which outlives erasure so a prohibition keeps holding, and which reveals nothing without the key.
/// A tenant's key is derived once, and its HMAC instances are pooled: a check of 1,000 recipients takes one instance
/// for the batch (For) where it derived the key and set up a one-shot HMAC 1,000 times (a third of its time).
/// An instance serves one caller at a time, so it is thread-safe without locks.
public sealed class ContactHasher(HubSecrets secrets)
{
    public const int MacLength = 32;
    private const int Pooled = 64;   // per tenant; more callers at once get an instance of their own
    private readonly ConcurrentDictionary<string, ConcurrentStack<IncrementalHash>> _pools = new(StringComparer.Ordinal);

    public string Hash(string tenant, ContactPoint contact)
    {
        using var hmac = For(tenant);
        return hmac.Hash(contact);
    }

    /// The tenant's HMAC for a batch of hashes; dispose it to give it back.
#pragma warning disable CA2000   // the instance is the lease's: its Dispose gives it back to the pool, or disposes it
    public Lease For(string tenant)
    {
        var pool = _pools.GetOrAdd(tenant, static _ => new ConcurrentStack<IncrementalHash>());
        if (!pool.TryPop(out var hmac))
        {
            var key = HMACSHA256.HashData(secrets.HashKey, Encoding.UTF8.GetBytes("tenant:" + tenant));
            hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            CryptographicOperations.ZeroMemory(key);
        }
        return new Lease(hmac, pool);
    }
#pragma warning restore CA2000

    public readonly struct Lease(IncrementalHash hmac, ConcurrentStack<IncrementalHash> pool) : IDisposable
    {
        public string Hash(ContactPoint contact)
        {
            Span<byte> mac = stackalloc byte[MacLength];
            Hash(contact.Kind, contact.Value, mac);
            return Base64Url.EncodeToString(mac);
        }

        /// The keyed hash of a contact point given as its kind and normalised value (`{kind}:{value}` in UTF-8), into
        /// `mac` (MacLength bytes): no string on the way, for a batch of checks.
        public void Hash(ContactKind kind, ReadOnlySpan<char> value, Span<byte> mac)
        {
            var name = kind switch { ContactKind.Email => "email", ContactKind.Phone => "phone", _ => "push" };   // ContactPoint.KindName
            var length = Encoding.UTF8.GetMaxByteCount(name.Length + 1 + value.Length);
            byte[]? rented = null;
            var text = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
            var written = Encoding.UTF8.GetBytes(name, text);
            text[written++] = (byte)':';
            written += Encoding.UTF8.GetBytes(value, text[written..]);
            hmac.AppendData(text[..written]);
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            hmac.GetHashAndReset(mac);
        }

        public void Dispose()
        {
            if (pool.Count < Pooled) pool.Push(hmac);
            else hmac.Dispose();
        }
    }
}
