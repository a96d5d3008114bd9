using System.Security.Cryptography;
using System.Text;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Security;

/// Seals personal data with its stream's key before it enters an event, and opens it for the owner's views.
public sealed class Sealer(StreamKeys keys)
{
    /// A sealing function for a stream; null when the stream was erased (no key is made for it again).
    public async Task<Func<string?, Sealed?>?> ForStreamAsync(StreamId stream, CancellationToken ct)
    {
        if (await keys.GetOrCreateAsync(stream, ct) is not { } key) return null;
        var bound = Bind(stream);
        return text => text is null ? null : new Sealed(Convert.ToBase64String(StreamKeys.Seal(key, Encoding.UTF8.GetBytes(text), bound)));
    }

    /// For the hub's own streams (tenants, requests), which are never erased.
    public async Task<Func<string?, Sealed?>> ForOwnStreamAsync(StreamId stream, CancellationToken ct) =>
        await ForStreamAsync(stream, ct) ?? throw new InvalidOperationException($"The key of {stream} was destroyed; the hub's own streams are never erased");

    /// An opener for a stream. A value reads as null once the stream's key is destroyed, and also when the key it
    /// meets is not the one that sealed it: erased data is absent, never an error for a reader or a background job.
    public async Task<Func<Sealed?, string?>> OpenerAsync(StreamId stream, CancellationToken ct)
    {
        var key = await keys.FindAsync(stream, ct);
        var bound = Bind(stream);
        return value => key is null || value is not { } v ? null : Open(key, v, bound);
    }

    private static string? Open(byte[] key, Sealed value, byte[] bound)
    {
        try
        {
            return Encoding.UTF8.GetString(StreamKeys.Open(key, Convert.FromBase64String(value.Value), bound));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static byte[] Bind(StreamId stream) => Encoding.UTF8.GetBytes("value:" + stream);
}
