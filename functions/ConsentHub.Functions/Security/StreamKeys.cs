using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Security;

/// Where wrapped per-stream data keys live; destroying one is crypto-shredding.
public interface IStreamKeyStore
{
    Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct);
    /// Stores the key unless one exists; answers the key that is stored.
    Task<byte[]> AddOrGetAsync(StreamId stream, byte[] wrappedKey, CancellationToken ct);
    Task DestroyAsync(StreamId stream, CancellationToken ct);
}

/// Per-stream AES-256 keys, wrapped with the master key when stored, cached unwrapped in memory.
public sealed class StreamKeys(IStreamKeyStore store, HubSecrets secrets)
{
    private readonly ConcurrentDictionary<StreamId, byte[]> _cache = new();

    public async Task<byte[]> GetOrCreateAsync(StreamId stream, CancellationToken ct)
    {
        if (_cache.TryGetValue(stream, out var key)) return key;
        var wrapped = await store.FindAsync(stream, ct)
            ?? await store.AddOrGetAsync(stream, Seal(secrets.MasterKey, RandomNumberGenerator.GetBytes(32), Bind(stream)), ct);
        return _cache[stream] = Open(secrets.MasterKey, wrapped, Bind(stream));
    }

    public async Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct)
    {
        if (_cache.TryGetValue(stream, out var key)) return key;
        return await store.FindAsync(stream, ct) is { } wrapped ? _cache[stream] = Open(secrets.MasterKey, wrapped, Bind(stream)) : null;
    }

    public async Task DestroyAsync(StreamId stream, CancellationToken ct)
    {
        await store.DestroyAsync(stream, ct);
        _cache.TryRemove(stream, out _);
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
        var plaintext = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(12, plaintext.Length), sealedBytes.AsSpan(12 + plaintext.Length), plaintext, associatedData);
        return plaintext;
    }
}
