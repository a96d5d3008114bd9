using System.Security.Cryptography;
using System.Text;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Security;

/// Seals personal data with its stream's key before it enters an event, and opens it for the owner's views.
/// Evidence (IP address, user agent) is sealed with the day's evidence key as well (EvidenceKeys), so that retention
/// shreds it by destroying day keys.
public sealed class Sealer(StreamKeys keys, TimeProvider? clock = null)
{
    private readonly EvidenceKeys _evidence = new(keys);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// A sealing function for a stream; null when the stream was erased (no key is made for it again).
    public async Task<Func<string?, Sealed?>?> ForStreamAsync(StreamId stream, CancellationToken ct)
    {
        if (await keys.GetOrCreateAsync(stream, ct) is not { } key) return null;
        var bound = Bind(stream);
        return text => text is null ? null : new Sealed(Convert.ToBase64String(StreamKeys.Seal(key, Encoding.UTF8.GetBytes(text), bound)));
    }

    /// A sealing function for a write to a person's stream: `evidence` true seals with today's evidence key inside the
    /// stream's key. Null when the stream was erased. A day key the retention run already destroyed (a clock far behind)
    /// seals no evidence at all: it would be past its period at once.
    public async Task<Func<string?, bool, Sealed?>?> ForWriteAsync(StreamId stream, CancellationToken ct)
    {
        if (await keys.GetOrCreateAsync(stream, ct) is not { } key) return null;
        return await SealWithAsync(stream, key, ct);
    }

    private async Task<Func<string?, bool, Sealed?>> SealWithAsync(StreamId stream, byte[] key, CancellationToken ct)
    {
        var day = EvidenceKeys.DayOf(_clock.GetUtcNow());
        // Only past days' keys are ever destroyed, so today's may come from the cache.
        var dayKey = await _evidence.ForOpeningAsync(stream.Tenant, day, ct) ?? await _evidence.ForSealingAsync(stream.Tenant, day, ct);
        var bound = Bind(stream);
        var evidenceBound = BindEvidence(stream);
        return (text, evidence) => text is null ? null
            : !evidence ? new Sealed(Convert.ToBase64String(StreamKeys.Seal(key, Encoding.UTF8.GetBytes(text), bound)))
            : dayKey is null ? null
            : new Sealed($"{EvidenceKeys.Prefix}{day:yyyy-MM-dd}:" + Convert.ToBase64String(
                StreamKeys.Seal(key, StreamKeys.Seal(dayKey, Encoding.UTF8.GetBytes(text), evidenceBound), bound)));
    }

    /// As ForWriteAsync, for a store that commits a new stream's key with the write's events, with the stream's wrapped
    /// key (or none) as the caller has just read it (StreamKeys.ForWrite): the sealing function and the key, whose
    /// `NewWrapped` the write must store in its own transaction.
    public async Task<(Func<string?, bool, Sealed?> Seal, PendingKey Key)> ForWriteWithKeyAsync(StreamId stream, byte[]? wrapped, CancellationToken ct)
    {
        var pending = keys.ForWrite(stream, wrapped);
        return (await SealWithAsync(stream, pending.Key, ct), pending);
    }

    /// The writer found the stream erased (its tombstone): a key cached from before goes (StreamKeys.Erased).
    public void Erased(StreamId stream) => keys.Erased(stream);

    /// A new stream's key that was committed with the write's events: kept for the next reads and writes.
    public void Committed(StreamId stream, PendingKey key) => keys.Committed(stream, key);

    /// For the hub's own streams (tenants, requests), which are never erased.
    public async Task<Func<string?, Sealed?>> ForOwnStreamAsync(StreamId stream, CancellationToken ct) =>
        await ForStreamAsync(stream, ct) ?? throw new InvalidOperationException($"The key of {stream} was destroyed; the hub's own streams are never erased");

    /// An opener for a stream. A value reads as null once the stream's key is destroyed, and also when the key it
    /// meets is not the one that sealed it: erased data is absent, never an error for a reader or a background job.
    public async Task<Func<Sealed?, string?>> OpenerAsync(StreamId stream, CancellationToken ct)
    {
        var key = await keys.FindAsync(stream, ct);
        var bound = Bind(stream);
        var evidenceBound = BindEvidence(stream);
        var dayKeys = new Dictionary<DateOnly, byte[]?>();
        return value => key is null || value is not { } v ? null
            : EvidenceKeys.SealedOn(v.Value) is { } day ? OpenEvidence(key, v.Value, bound, DayKey(stream.Tenant, day, dayKeys, ct), evidenceBound)
            : Open(key, v.Value, bound);
    }

    // Openers are synchronous (the views and feeds call them inside their mapping); a day's key is one cached read of the
    // key store, made once per opener and day, so it is waited for here rather than making every reader asynchronous.
    private byte[]? DayKey(string tenant, DateOnly day, Dictionary<DateOnly, byte[]?> known, CancellationToken ct)
    {
        lock (known)
        {
            if (known.TryGetValue(day, out var cached)) return cached;
        }
        var key = _evidence.ForOpeningAsync(tenant, day, ct).GetAwaiter().GetResult();
        lock (known) known[day] = key;
        return key;
    }

    private static string? OpenEvidence(byte[] key, string value, byte[] bound, byte[]? dayKey, byte[] evidenceBound)
    {
        if (dayKey is null) return null;
        try
        {
            var inner = StreamKeys.Open(key, Convert.FromBase64String(value[(EvidenceKeys.Prefix.Length + 11)..]), bound);
            return Encoding.UTF8.GetString(StreamKeys.Open(dayKey, inner, evidenceBound));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static string? Open(byte[] key, string value, byte[] bound)
    {
        try
        {
            return Encoding.UTF8.GetString(StreamKeys.Open(key, Convert.FromBase64String(value), bound));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static byte[] BindEvidence(StreamId stream) => Encoding.UTF8.GetBytes("evidence:" + stream);

    private static byte[] Bind(StreamId stream) => Encoding.UTF8.GetBytes("value:" + stream);
}
