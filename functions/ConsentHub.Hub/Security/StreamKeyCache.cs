using System.Security.Cryptography;
using ConsentHub.Domain.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace ConsentHub.Hub.Security;

/// Unwrapped stream keys for a short while: at most CacheSize of them (MemoryCache drops the expired and then the
/// least recently used when full), each for CacheSeconds from when the key store gave it, on the hub's clock.
/// The cache owns its copies and zeroes them when they leave it; callers get copies of their own, so a key in use
/// is never wiped under them.
internal sealed class StreamKeyCache : IDisposable
{
    private readonly MemoryCache? _cache;
    private readonly MemoryCacheEntryOptions _entry;

    public StreamKeyCache(StreamKeyOptions options, TimeProvider clock)
    {
        _entry = new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(Math.Max(1, options.CacheSeconds)) }
            .RegisterPostEvictionCallback(static (_, value, _, _) => ((Entry)value!).Wipe());
        if (options.CacheSeconds > 0)
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.CacheSize, Clock = new HubClock(clock) });
    }

    /// A copy of the cached key; null when none is cached (or it was wiped while being read).
    public byte[]? Get(StreamId stream) =>
        _cache is not null && _cache.TryGetValue(stream, out var value) && value is Entry entry ? entry.Copy() : null;

    /// Caches a copy of the key; when the cache is full the key is simply not cached (and the cache compacts).
    public void Set(StreamId stream, byte[] key) => _cache?.Set(stream, new Entry(key.ToArray()), _entry);

    public void Remove(StreamId stream) => _cache?.Remove(stream);

    public void Dispose()
    {
        _cache?.Compact(1.0);   // evicts every entry, so each is wiped
        _cache?.Dispose();
    }

    private sealed class Entry(byte[] key)
    {
        private readonly Lock _gate = new();
        private bool _wiped;

        public byte[]? Copy()
        {
            lock (_gate) return _wiped ? null : key.ToArray();
        }

        public void Wipe()
        {
            lock (_gate)
            {
                CryptographicOperations.ZeroMemory(key);
                _wiped = true;
            }
        }
    }

    // MemoryCache reads time through ISystemClock; the hub's TimeProvider drives it, so tests move it without sleeping.
    private sealed class HubClock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
