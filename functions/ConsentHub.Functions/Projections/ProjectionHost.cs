using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Tenants;

namespace ConsentHub.Functions.Projections;

/// Keeps the in-memory projections current: rebuilt from every event at start-up, then caught up after each
/// write (and by a timer, for writers in other processes). One applier at a time, in position order.
/// Without a global feed (Cosmos DB) there is nothing to catch up: projections live in Cosmos DB there.
public sealed class ProjectionHost(TenantRegistry tenants,
    ILogger<ProjectionHost> logger, IEventFeed? feed = null) : IDisposable
{
    private const int PageSize = 2000;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _checkpoint;
    private long _skipped;

    public long Checkpoint => Interlocked.Read(ref _checkpoint);

    /// Events this instance could not apply since it started (logged one by one); `/health` reports them as degraded.
    public long Skipped => Interlocked.Read(ref _skipped);

    /// Returns once every event up to `position` (or everything stored, when null) is applied.
    public async Task CatchUpAsync(long? position, CancellationToken ct)
    {
        if (feed is null || (position is { } p && p <= Checkpoint)) return;
        await _gate.WaitAsync(ct);
        try
        {
            while (position is null || Checkpoint < position)
            {
                var page = await feed.ReadAllAsync(Checkpoint, PageSize, null, ct);
                foreach (var stored in page) Apply(stored);
                if (page.Count < PageSize) break;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private void Apply(StoredEvent stored)
    {
        try
        {
            if (stored.Stream.Name == "tenant")
                tenants.Apply(stored.Stream.Tenant, stored.Version, EventCodec.Decode<TenantEvent>(stored.Type, stored.Data));
            else if (stored.Stream.Name.StartsWith("request-", StringComparison.Ordinal) || stored.Stream.Name.StartsWith("propagation-", StringComparison.Ordinal)
                || stored.Stream.IsVisitor)
            {
                // Deliberately nothing: request, propagation and visitor views live in the view store, not in memory.
            }
            // Subjects and contact points: their views live in the view store (PartyViews), not here.
        }
        catch (UnknownEventTypeException ex)
        {
            // Parked, not fatal: an event written by a newer version of the hub. The write side still fails closed.
            logger.LogWarning("Projection skipped event {Position} of {Stream}: {Message}", stored.Position, stored.Stream, ex.Message);
        }
        catch (Exception ex)
        {
            // A record that cannot be applied (corrupt, or a bug) is skipped, not allowed to stop every view behind it.
            Interlocked.Increment(ref _skipped);
            logger.LogError("Projection could not apply event {Position} of {Stream}: {Type}: {Message}", stored.Position, stored.Stream, ex.GetType().Name, ex.Message);
        }
        Interlocked.Exchange(ref _checkpoint, stored.Position);
    }
}

/// Catches up once at start-up (before the app answers) and then every second for other writers.
public sealed class ProjectionWorker(ProjectionHost host) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await host.CatchUpAsync(null, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await host.CatchUpAsync(null, stoppingToken);
    }
}
