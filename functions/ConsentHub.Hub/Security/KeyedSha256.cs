using System.Security.Cryptography;

namespace ConsentHub.Hub.Security;

/// HMAC-SHA256 (RFC 2104) with one key, whose inner and outer states (the key's padded blocks, compressed) are worked
/// out once: a contact point's hash then costs the two or three blocks of its own text and none of the key's, in
/// managed code (no native calls: through OpenSSL a hash took three, a third of a check's time). Immutable, so any
/// number of callers share one instance. The output is HMACSHA256's, byte for byte: the stored hashes of contact
/// points are lookup keys and must never change.
internal sealed class KeyedSha256
{
    public const int MacLength = 32;
    private readonly uint[] _inner = new uint[8];
    private readonly uint[] _outer = new uint[8];

    public KeyedSha256(ReadOnlySpan<byte> key)
    {
        Span<byte> block = stackalloc byte[Sha256Blocks.BlockLength];
        block.Clear();
        if (key.Length > block.Length) SHA256.HashData(key, block);   // RFC 2104: a longer key is hashed first
        else key.CopyTo(block);
        for (var i = 0; i < block.Length; i++) block[i] ^= 0x36;
        Sha256Blocks.Initial.CopyTo(_inner);
        Sha256Blocks.Compress(_inner, block);
        for (var i = 0; i < block.Length; i++) block[i] ^= 0x36 ^ 0x5c;
        Sha256Blocks.Initial.CopyTo(_outer);
        Sha256Blocks.Compress(_outer, block);
        CryptographicOperations.ZeroMemory(block);
    }

    /// The HMAC of `message` into `mac` (MacLength bytes).
    public void Hash(ReadOnlySpan<byte> message, Span<byte> mac)
    {
        Span<uint> state = stackalloc uint[8];
        Span<byte> inner = stackalloc byte[MacLength];
        _inner.CopyTo(state);
        Sha256Blocks.Finish(state, Sha256Blocks.BlockLength, message, inner);
        _outer.CopyTo(state);
        Sha256Blocks.Finish(state, Sha256Blocks.BlockLength, inner, mac);
    }

    /// The HMACs of `count` (1 to Sha256Lanes.Lanes) short messages at once (Sha256Lanes: message j at
    /// `messages[j * 64 ..]`, `lengths[j]` bytes, at most Sha256Lanes.MaxMessage), MAC j into `macs[j * 32 ..]`.
    public void HashLanes(ReadOnlySpan<byte> messages, ReadOnlySpan<int> lengths, int count, Span<byte> macs) =>
        Sha256Lanes.Hash(_inner, _outer, messages, lengths, count, macs);
}
