using System.Collections.Concurrent;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Tenants;

/// Makes sure a tenant's definition and keys are in the registry before one of its requests is authorised.
public interface ITenantSource
{
    /// `refresh`: the caller found something missing (an unknown key), so look again now.
    ValueTask EnsureAsync(string tenant, bool refresh, CancellationToken ct);

    /// Reads the tenant again now: this instance just wrote to it (a revoked key must stop working at once).
    ValueTask RereadAsync(string tenant, CancellationToken ct);
}

/// On both stores a tenant is read from its own stream when first asked for, and read again when older than `Fresh`
/// or when a caller missed something in it (a key issued on another instance), at most once a second. Tenant streams
/// are few and short, so a start-up reads only the tenants asked for, never the whole event history.
public sealed class StreamTenantSource(IEventStore store, TenantRegistry registry, TimeProvider clock, ViewFaults faults, ILogger<StreamTenantSource> logger)
    : ITenantSource, IDisposable
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
                Apply(tenant, stored);
                seen.Version = stored.Version;
            }
            _read[tenant] = (seen.Version, now);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Apply(string tenant, StoredEvent stored)
    {
        try
        {
            registry.Apply(tenant, stored.Version, EventCodec.Decode<TenantEvent>(stored.Type, stored.Data));
        }
        catch (UnknownEventTypeException ex)
        {
            // Passed over, not fatal: an event written by a newer version of the hub. The write side still fails closed.
            logger.LogWarning("Tenant {Tenant} skipped event {Version}: {Message}", tenant, stored.Version, ex.Message);
        }
        catch (Exception ex)
        {
            // A record that cannot be applied (corrupt, or a bug) is passed over once and counted, so the rest of the
            // tenant still answers and `/health` reports degraded.
            faults.Add();
            logger.LogError("Tenant {Tenant} could not apply event {Version}: {Type}: {Message}", tenant, stored.Version, ex.GetType().Name, ex.Message);
        }
    }

    public void Dispose() => _gate.Dispose();
}

/// SQLite: every tenant is read from its own stream before the app answers, so the registry is whole from the first
/// request (and a corrupt tenant event shows on `/health` at once). The tenants are listed by an index seek per tenant,
/// not by scanning the events.
public sealed class TenantPreloader(SqliteEventStore store, ITenantSource source) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var tenant in await store.TenantsAsync(cancellationToken))
            await source.RereadAsync(tenant, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
