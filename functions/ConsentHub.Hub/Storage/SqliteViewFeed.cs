using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections.Views;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// Runs every registered view projection over the global feed from its persisted checkpoint, writing each page's
/// views and the checkpoint in one transaction: a start-up reads only the events after it, never the history.
/// Async projections are written here only; inline ones are written by their writes and applied here as well, so
/// a view a crash left behind between append and view write is repaired (version-guarded: no view goes back).
public sealed class SqliteViewFeed(SqliteEventStore store, SqliteViewStore views, IEnumerable<IViewProjector> projectors, IEnumerable<IViewObserver> observers,
    ViewFaults faults, ILogger<SqliteViewFeed> logger) : IDisposable
{
    /// Named for the projections it covers: a hub that gains a projection starts a new checkpoint from the first event,
    /// so the new views are built from the whole history once (the others are version-guarded and stay as they are).
    private readonly string _checkpoint = "views:" + string.Join(",", projectors.Select(p => p.Kind).Distinct().Order(StringComparer.Ordinal));
    private const int PageSize = 2000;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _eventsRead;
    private long? _after;

    /// Events read from the feed since this instance started: what a start-up costs.
    public long EventsRead => Interlocked.Read(ref _eventsRead);

    public async Task CatchUpAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var after = _after ??= (long)await store.WriteAsync((connection, transaction) => (object)Read(connection, transaction, _checkpoint), ct);
            while (true)
            {
                var page = await store.ReadAllAsync(after, PageSize, null, ct);
                if (page.Count == 0) return;
                Interlocked.Add(ref _eventsRead, page.Count);
                var changed = await ProjectAsync(page, ct);
                after = page[^1].Position;
                var position = after;
                await store.WriteAsync((connection, transaction) =>
                {
                    foreach (var view in changed.Values) SqliteViewStore.Put(connection, transaction, view);
                    return (object)Write(connection, transaction, _checkpoint, position);
                }, ct);
                _after = after;
                // Also the views another process stored first: an in-memory index hears every writer through the feed.
                foreach (var view in changed.Values)
                    foreach (var observer in observers) observer.Observe(view);
                if (page.Count < PageSize) return;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Dictionary<(string, string, string), ViewRow>> ProjectAsync(IReadOnlyList<StoredEvent> page, CancellationToken ct)
    {
        var changed = new Dictionary<(string, string, string), ViewRow>();
        // Each view is read once a page, not once an event: a page of a bulk import holds several events of each
        // person, whose inline writes stored the views already. A view read here may be older than the store's by
        // then; an event applied to it still folds right, and the store keeps the newer (version-guarded).
        var read = new Dictionary<(string, string, string), ViewRow?>();
        foreach (var stored in page)
        {
            foreach (var projector in projectors.Where(p => p.Covers(stored.Stream)))
            {
                var id = (stored.Stream.Tenant, projector.Kind, stored.Stream.Key);
                try
                {
                    if (!changed.TryGetValue(id, out var current) && !read.TryGetValue(id, out current))
                        read[id] = current = await views.GetAsync(id.Tenant, id.Kind, id.Key, ct);
                    if (projector.Apply(current, stored) is not { } next) continue;
                    foreach (var r in projector.Related(current, next)) changed[(r.Tenant, r.Kind, r.Key)] = r;
                    changed[id] = next;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    faults.Add();
                    // Parked, not fatal: one event that cannot be applied (written by a newer hub, or corrupt) must not stop every view behind it.
                    logger.LogError("View {Kind} could not apply event {Position} of {Stream}: {Type}: {Message}", projector.Kind, stored.Position, stored.Stream, ex.GetType().Name, ex.Message);
                }
            }
        }
        return changed;
    }

    private static long Read(SqliteConnection connection, SqliteTransaction transaction, string checkpoint)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE((SELECT position FROM checkpoints WHERE name = $name), 0)";
        command.Parameters.AddWithValue("$name", checkpoint);
        return (long)command.ExecuteScalar()!;
    }

    private static long Write(SqliteConnection connection, SqliteTransaction transaction, string checkpoint, long position)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO checkpoints (name, position) VALUES ($name, $position) ON CONFLICT (name) DO UPDATE SET position = excluded.position";
        command.Parameters.AddWithValue("$name", checkpoint);
        command.Parameters.AddWithValue("$position", position);
        command.ExecuteNonQuery();
        return position;
    }

    public void Dispose() => _gate.Dispose();
}

/// Catches up before the app answers, then every second, and once more on a graceful stop so the next start reads nothing.
public sealed class SqliteViewWorker(SqliteViewFeed feed, ILogger<SqliteViewWorker> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await feed.CatchUpAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await TryCatchUpAsync(stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await TryCatchUpAsync(cancellationToken);
    }

    // A locked or failing database must not stop the host: the next tick tries again, from the same checkpoint.
    private async Task TryCatchUpAsync(CancellationToken ct)
    {
        try
        {
            await feed.CatchUpAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Views could not catch up with the feed: {Type}: {Message}", ex.GetType().Name, ex.Message);
        }
    }
}
