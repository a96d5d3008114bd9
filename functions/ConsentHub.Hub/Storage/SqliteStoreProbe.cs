using ConsentHub.Hub.Http;

namespace ConsentHub.Hub.Storage;

/// SQLite is healthy when the hub can take the write lock (another process holding it makes writes answer 503).
public sealed class SqliteStoreProbe(SqliteDatabase db) : IStoreProbe
{
    public Task<StoreHealth> ProbeAsync(CancellationToken ct) => Task.FromResult(db.CanWrite()
        ? new StoreHealth(true)
        : new StoreHealth(false, $"{db.Path} is locked by another process: writes answer 503."));
}
