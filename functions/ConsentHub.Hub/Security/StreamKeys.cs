using System.Security.Cryptography;
using System.Text;
using ConsentHub.Domain.Storage;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Security;

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

/// Per-stream AES-256 keys, wrapped with the master key when stored, kept unwrapped in memory for a short while
/// (StreamKeyOptions). An erasure on another instance reaches this one's reads within CacheSeconds, when the cached
/// key expires; a write asks the key store every time, so its tombstone refuses the write at once.
public sealed class StreamKeys : IDisposable
{
    private readonly IStreamKeyStore _store;
    private readonly HubSecrets _secrets;
    private readonly StreamKeyCache _cache;
    // Counted after each destruction here: a read that fetched a key from the store while one ran does not leave
    // it in the cache (it answers what it read, as a read just before the erasure would).
    private long _destructions;

    public StreamKeys(IStreamKeyStore store, HubSecrets secrets, IOptions<StreamKeyOptions>? options = null, TimeProvider? clock = null)
    {
        _store = store;
        _secrets = secrets;
        _cache = new StreamKeyCache(options?.Value ?? new StreamKeyOptions(), clock ?? TimeProvider.System);
    }

    /// The stream's key for a write, made on first use; null once the stream is erased, by this instance or another:
    /// the key store is asked every time (a cached key alone would outlive a tombstone written elsewhere).
    public async Task<byte[]?> GetOrCreateAsync(StreamId stream, CancellationToken ct)
    {
        var seen = Volatile.Read(ref _destructions);
        var wrapped = await _store.FindAsync(stream, ct)
            ?? await _store.AddOrGetAsync(stream, Seal(_secrets.MasterKey, RandomNumberGenerator.GetBytes(32), Bind(stream)), ct);
        if (wrapped is null)
        {
            _cache.Remove(stream);
            return null;
        }
        return _cache.Get(stream) ?? Remember(stream, Open(_secrets.MasterKey, wrapped, Bind(stream)), seen);
    }

    /// The stream's key for a write whose store commits a new key with the write's events, from the stream's wrapped key
    /// as the writer has just read it (SqliteLedgerCommit.ProbeAsync), `wrapped` null for a stream with no key: the stored
    /// key, or a new one not stored yet (`NewWrapped`), which the write must store in its own transaction unless the
    /// stream was erased there (SqliteStreamKeyStore.AddOrGet) and then hand to Committed. The caller has checked the
    /// stream is not erased, and the write's transaction checks it again.
    public PendingKey ForWrite(StreamId stream, byte[]? wrapped)
    {
        var seen = Volatile.Read(ref _destructions);
        if (wrapped is not null) return new PendingKey(_cache.Get(stream) ?? Remember(stream, Open(_secrets.MasterKey, wrapped, Bind(stream)), seen), null, seen);
        var key = RandomNumberGenerator.GetBytes(32);
        return new PendingKey(key, Seal(_secrets.MasterKey, key, Bind(stream)), seen);
    }

    /// A writer saw the stream's tombstone (an erasure on another instance): its key leaves the cache at once.
    public void Erased(StreamId stream) => _cache.Remove(stream);

    /// A new key was committed with its stream's first events: cached as a key read from the store is.
    public void Committed(StreamId stream, PendingKey key)
    {
        if (key.NewWrapped is not null) Remember(stream, key.Key.ToArray(), key.Seen);
    }

    /// The stream's key if it has one, from the cache while it holds it. A wrapped key this master key cannot open
    /// reads as no key: sealed data is then unreadable, as after erasure, instead of failing every reader (writes
    /// still fail, in GetOrCreateAsync).
    public async Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct)
    {
        if (_cache.Get(stream) is { } key) return key;
        var seen = Volatile.Read(ref _destructions);
        if (await _store.FindAsync(stream, ct) is not { } wrapped) return null;
        try
        {
            return Remember(stream, Open(_secrets.MasterKey, wrapped, Bind(stream)), seen);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// Whether the stream was erased, as the key store's tombstone says (not a view that may lag); makes no key.
    public Task<bool> ErasedAsync(StreamId stream, CancellationToken ct) => _store.ErasedAsync(stream, ct);

    public async Task DestroyAsync(StreamId stream, CancellationToken ct)
    {
        _cache.Remove(stream);
        await _store.DestroyAsync(stream, ct);
        Interlocked.Increment(ref _destructions);
        _cache.Remove(stream);
    }

    public void Dispose() => _cache.Dispose();

    // Cached first and checked after: a destruction that ran since the store was read either removed the entry
    // after it was set, or is seen here and the entry removed.
    private byte[] Remember(StreamId stream, byte[] key, long seen)
    {
        _cache.Set(stream, key);
        if (Volatile.Read(ref _destructions) != seen) _cache.Remove(stream);
        return key;
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

/// A stream's key for one write: `NewWrapped` is set when the key is new and must be committed with the write.
public sealed record PendingKey(byte[] Key, byte[]? NewWrapped, long Seen);
