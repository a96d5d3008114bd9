using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Hub.Security;

/// Keyed hashes of contact points (HMAC-SHA256 with a per-tenant key): the lookup key of a contact point,
/// which outlives erasure so a prohibition keeps holding, and which reveals nothing without the key.
/// A tenant's key is derived once and kept as its HMAC's precomputed states (KeyedSha256): immutable, so every caller
/// shares it without pooling or locks, and a check of 1,000 recipients makes no native call per recipient.
public sealed class ContactHasher(HubSecrets secrets)
{
    public const int MacLength = KeyedSha256.MacLength;
    private readonly ConcurrentDictionary<string, KeyedSha256> _keys = new(StringComparer.Ordinal);

    public string Hash(string tenant, ContactPoint contact)
    {
        using var hmac = For(tenant);
        return hmac.Hash(contact);
    }

    /// The tenant's HMAC for a batch of hashes. Disposing it is harmless (it once gave a pooled instance back).
    public Lease For(string tenant) => new(_keys.GetOrAdd(tenant, static (name, hub) =>
    {
        var key = HMACSHA256.HashData(hub.HashKey, Encoding.UTF8.GetBytes("tenant:" + name));
        var keyed = new KeyedSha256(key);
        CryptographicOperations.ZeroMemory(key);
        return keyed;
    }, secrets));

    public readonly struct Lease : IDisposable
    {
        private readonly KeyedSha256 _keyed;

        internal Lease(KeyedSha256 keyed) => _keyed = keyed;

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
            var name = ContactPoint.NameOf(kind);
            var length = Encoding.UTF8.GetMaxByteCount(name.Length + 1 + value.Length);
            byte[]? rented = null;
            var text = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
            var written = Encoding.UTF8.GetBytes(name, text);
            text[written++] = (byte)':';
            written += Encoding.UTF8.GetBytes(value, text[written..]);
            _keyed.Hash(text[..written], mac);
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }

        /// Hashes of short contact points eight at a time (Sha256Lanes) where the processor has 256-bit vectors.
        public static bool HashesLanes => Sha256Lanes.Supported;

        public const int Lanes = Sha256Lanes.Lanes;

        /// Room for one contact point's text in the buffer HashLanes takes.
        public const int LaneLength = Sha256Blocks.BlockLength;

        /// What Hash(kind, value, …) hashes, `{kind}:{value}` in UTF-8, into `into` when it is short enough for HashLanes
        /// (at most Sha256Lanes.MaxMessage bytes): the bytes written, or -1 (hash it alone).
        public static int LaneText(ContactKind kind, ReadOnlySpan<char> value, Span<byte> into)
        {
            var name = ContactPoint.NameOf(kind);
            if (name.Length + 1 + value.Length > Sha256Lanes.MaxMessage) return -1;   // UTF-8 takes at least a byte a char
            var room = into[..Math.Min(into.Length, Sha256Lanes.MaxMessage)];
            var written = Encoding.UTF8.GetBytes(name, room);
            room[written++] = (byte)':';
            return Encoding.UTF8.TryGetBytes(value, room[written..], out var more) ? written + more : -1;
        }

        /// LaneText of a recipient's text in a common form (ContactText.TryNormalize), normalised straight into the
        /// lane's bytes: false where ContactText is unsure or the text does not fit a lane (take the general path).
        public static bool TryLaneText(ReadOnlySpan<char> raw, Span<byte> into, out ContactKind kind, out int written)
        {
            const int prefix = 6;   // "email:" and "phone:" alike
            written = 0;
            var room = into[..Math.Min(into.Length, Sha256Lanes.MaxMessage)];
            if (!ContactText.TryNormalize(raw, room[prefix..], out kind, out var length)) return false;
            var name = ContactPoint.NameOf(kind);
            if (name.Length + 1 != prefix) return false;
            Encoding.ASCII.GetBytes(name, room);
            room[prefix - 1] = (byte)':';
            written = prefix + length;
            return true;
        }

        /// The keyed hashes of `count` (1 to Lanes) texts LaneText wrote, text j at `texts[j * LaneLength ..]` and
        /// `lengths[j]` bytes long, into `macs[j * MacLength ..]`: the same bytes as Hash gives each.
        public void HashLanes(ReadOnlySpan<byte> texts, ReadOnlySpan<int> lengths, int count, Span<byte> macs) =>
            _keyed.HashLanes(texts, lengths, count, macs);

        public void Dispose()
        {
        }
    }
}
