using System.Collections.Concurrent;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Tenants;

/// Makes sure a tenant's definition and keys are in the registry before one of its requests is authorised.
public interface ITenantSource
{
    /// `refresh`: the caller found something missing (an unknown key), so look again now.
    ValueTask EnsureAsync(string tenant, bool refresh, CancellationToken ct);

    /// Reads the tenant again now: this instance just wrote to it (a revoked key must stop working at once).
    ValueTask RereadAsync(string tenant, CancellationToken ct);
}

/// Embedded: the projection host keeps the registry current from the global feed; nothing to do.
public sealed class ProjectedTenantSource : ITenantSource
{
    public ValueTask EnsureAsync(string tenant, bool refresh, CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask RereadAsync(string tenant, CancellationToken ct) => ValueTask.CompletedTask;
}

/// Without a global feed (Cosmos DB) a tenant is read from its own stream when first asked for, and read again when
/// older than `Fresh` or when a caller missed something in it (a key issued on another instance), at most once a second.
public sealed class StreamTenantSource(IEventStore store, TenantRegistry registry, TimeProvider clock) : ITenantSource, IDisposable
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinGap = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (long Version, DateTimeOffset ReadAt)> _read = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async ValueTask EnsureAsync(string tenant, bool refresh, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_read.TryGetValue(tenant, out var seen) && now - seen.ReadAt < (refresh ? MinGap : Fresh)) return;
        await ReadAsync(tenant, now, ct);
    }

    public async ValueTask RereadAsync(string tenant, CancellationToken ct) => await ReadAsync(tenant, clock.GetUtcNow(), ct);

    private async Task ReadAsync(string tenant, DateTimeOffset now, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var seen = _read.GetValueOrDefault(tenant);
            var stream = StreamId.TenantOf(tenant);
            // The registry applies each event once: only those after the version already applied.
            foreach (var stored in (await store.ReadStreamAsync(stream, ct)).Events.Where(e => e.Version > seen.Version))
            {
                registry.Apply(tenant, stored.Version, EventCodec.Decode<TenantEvent>(stored.Type, stored.Data));
                seen.Version = stored.Version;
            }
            _read[tenant] = (seen.Version, now);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
