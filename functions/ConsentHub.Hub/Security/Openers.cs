using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections;

namespace ConsentHub.Hub.Security;

/// The openers one request needs, each stream's key fetched once. A contact point's clear value is opened with the
/// key of the stream that sealed it (its `ContactSource`), which need not be the stream being read: an address a
/// subject's contact points named first was sealed with the subject's key, also when its own stream reads it.
public sealed class Openers(Sealer sealer)
{
    private readonly Dictionary<StreamId, Func<Sealed?, string?>> _openers = [];

    public async Task<Func<Sealed?, string?>> ForAsync(StreamId stream, CancellationToken ct)
    {
        if (!_openers.TryGetValue(stream, out var open)) _openers[stream] = open = await sealer.OpenerAsync(stream, ct);
        return open;
    }

    /// The contact point in clear; null once erased.
    public async Task<string?> OpenAsync(ContactSource source, CancellationToken ct) => (await ForAsync(source.Stream, ct))(source.Value);
}
