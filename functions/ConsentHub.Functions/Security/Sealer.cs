using System.Text;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Security;

/// Seals personal data with its stream's key before it enters an event, and opens it for the owner's views.
public sealed class Sealer(StreamKeys keys)
{
    public async Task<Func<string?, Sealed?>> ForStreamAsync(StreamId stream, CancellationToken ct)
    {
        var key = await keys.GetOrCreateAsync(stream, ct);
        var bound = Bind(stream);
        return text => text is null ? null : new Sealed(Convert.ToBase64String(StreamKeys.Seal(key, Encoding.UTF8.GetBytes(text), bound)));
    }

    /// An opener for a stream; answers null for every value once the stream's key is destroyed.
    public async Task<Func<Sealed?, string?>> OpenerAsync(StreamId stream, CancellationToken ct)
    {
        var key = await keys.FindAsync(stream, ct);
        var bound = Bind(stream);
        return value => key is null || value is not { } v ? null : Encoding.UTF8.GetString(StreamKeys.Open(key, Convert.FromBase64String(v.Value), bound));
    }

    private static byte[] Bind(StreamId stream) => Encoding.UTF8.GetBytes("value:" + stream);
}
