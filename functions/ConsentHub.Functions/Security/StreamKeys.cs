using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Security;

/// Where wrapped per-stream data keys live; destroying one is crypto-shredding.
public interface IStreamKeyStore
{
    /// The stream's wrapped key; null when it has none, or had one and it was destroyed.
    Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct);
    /// Stores the key unless one exists; answers the key that is stored, or null when the stream was erased:
    /// an erased stream never gets a key again, however a write reaches it.
    Task<byte[]?> AddOrGetAsync(StreamId stream, byte[] wrappedKey, CancellationToken ct);
    /// Destroys the key and leaves a tombstone in its place (also for a stream that never had a key).
    Task DestroyAsync(StreamId stream, CancellationToken ct);
    /// Whether the stream's key was destroyed (it has a tombstone); asks without making a key.
    Task<bool> ErasedAsync(StreamId stream, CancellationToken ct);
}

/// Per-stream AES-256 keys, wrapped with the master key when stored, cached unwrapped in memory.
public sealed class StreamKeys(IStreamKeyStore store, HubSecrets secrets)
{
    private readonly ConcurrentDictionary<StreamId, byte[]> _cache = new();
    // Streams destroyed in this process: a read that fetched a key just before its destruction must not put it back in the cache.
    private readonly ConcurrentDictionary<StreamId, bool> _destroyed = new();

    /// The stream's key, made on first use; null once the stream is erased.
    public async Task<byte[]?> GetOrCreateAsync(StreamId stream, CancellationToken ct)
    {
        if (_cache.TryGetValue(stream, out var key)) return key;
        if (_destroyed.ContainsKey(stream)) return null;
        var wrapped = await store.FindAsync(stream, ct)
            ?? await store.AddOrGetAsync(stream, Seal(secrets.MasterKey, RandomNumberGenerator.GetBytes(32), Bind(stream)), ct);
        return wrapped is null ? null : Remember(stream, Open(secrets.MasterKey, wrapped, Bind(stream)));
    }

    /// The stream's key if it has one. A wrapped key this master key cannot open reads as no key: sealed data is then
    /// unreadable, as after erasure, instead of failing every reader (writes still fail, in GetOrCreateAsync).
    public async Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct)
    {
        if (_cache.TryGetValue(stream, out var key)) return key;
        if (_destroyed.ContainsKey(stream) || await store.FindAsync(stream, ct) is not { } wrapped) return null;
        try
        {
            return Remember(stream, Open(secrets.MasterKey, wrapped, Bind(stream)));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// Whether the stream was erased, as the key store's tombstone says (not a view that may lag); makes no key.
    public async Task<bool> ErasedAsync(StreamId stream, CancellationToken ct) =>
        _destroyed.ContainsKey(stream) || await store.ErasedAsync(stream, ct);

    public async Task DestroyAsync(StreamId stream, CancellationToken ct)
    {
        _destroyed[stream] = true;
        _cache.TryRemove(stream, out _);
        await store.DestroyAsync(stream, ct);
        _cache.TryRemove(stream, out _);
    }

    private byte[]? Remember(StreamId stream, byte[] key)
    {
        _cache[stream] = key;
        if (!_destroyed.ContainsKey(stream)) return key;
        _cache.TryRemove(stream, out _);   // destroyed while this read was on its way
        return null;
    }

    private static byte[] Bind(StreamId stream) => Encoding.UTF8.GetBytes("stream-key:" + stream);

    internal static byte[] Seal(byte[] key, byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[12 + plaintext.Length + 16];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length), associatedData);
        return output;
    }

    internal static byte[] Open(byte[] key, byte[] sealedBytes, byte[] associatedData)
    {
        if (sealedBytes.Length < 28) throw new AuthenticationTagMismatchException("too short to be sealed");
        var plaintext = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(12, plaintext.Length), sealedBytes.AsSpan(12 + plaintext.Length), plaintext, associatedData);
        return plaintext;
    }
}
