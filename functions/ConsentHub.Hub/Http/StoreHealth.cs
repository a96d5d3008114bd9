namespace ConsentHub.Hub.Http;

/// Whether the store can take writes now. Each store registers its own probe (SQLite: it can take the write lock;
/// Cosmos DB: the account answers).
public interface IStoreProbe
{
    Task<StoreHealth> ProbeAsync(CancellationToken ct);
}

public sealed record StoreHealth(bool Healthy, string? Detail = null);

/// `/health` needs no key, so a stranger sets its rate: the store's probe runs at most once per `Interval`, and every
/// answer in between is the last probe's.
public sealed class StoreHealthCache(IStoreProbe probe, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Probed? _last;

    private sealed record Probed(StoreHealth Health, DateTimeOffset At);

    public async Task<StoreHealth> CurrentAsync(CancellationToken ct)
    {
        if (Fresh() is { } fresh) return fresh;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } probedMeanwhile) return probedMeanwhile;
            var health = await probe.ProbeAsync(ct);
            _last = new Probed(health, clock.GetUtcNow());
            return health;
        }
        finally
        {
            _gate.Release();
        }
    }

    private StoreHealth? Fresh() => _last is { } last && clock.GetUtcNow() - last.At < Interval ? last.Health : null;

    public void Dispose() => _gate.Dispose();
}

/// Something the store must prove before the hub answers (its database file opens and is the hub's), run by HubApp
/// right after the app is built so a refusal stops the start.
public sealed record StartupCheck(Action Run);
