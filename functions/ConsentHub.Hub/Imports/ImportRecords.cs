using System.Collections.Concurrent;
using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Api;
using ConsentHub.Hub.Projections.Views;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Imports;

/// Where imports' progress lives: the imports running on this instance (live counters), and every import's last
/// saved progress in the view store, which outlives a restart. An import stored as running that no instance runs any
/// more shows as failed (interrupted) with how far it got.
public sealed class ImportRecords(IViewStore views, HubOptions hub, IOptions<ImportOptions> options, TimeProvider clock)
{
    public const string Kind = "import";

    /// This instance, as the owner of the imports it runs.
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<(string Tenant, string Id), ImportProgress> _running = new();

    public bool IsRunningHere(string tenant, string id) => _running.ContainsKey((tenant, id));

    /// Takes a place for the import on this instance: false when the instance runs as many as it may.
    public bool TryBegin(ImportProgress progress)
    {
        lock (_running)
        {
            if (_running.Count >= options.Value.MaxRunning) return false;
            return _running.TryAdd((progress.Tenant, progress.Id), progress);
        }
    }

    public void End(ImportProgress progress) => _running.TryRemove(new((progress.Tenant, progress.Id), progress));

    public async Task<(ImportRecord? Record, long Version)> FindAsync(string tenant, string id, CancellationToken ct) =>
        await views.GetAsync(tenant, Kind, id, ct) is { } row ? (JsonSerializer.Deserialize<ImportRecord>(row.Body, Json.Options), row.Version) : (null, 0);

    /// Running on this instance, or (on Cosmos DB, where other instances share the store) saved as running lately by another.
    public bool RunsSomewhere(string tenant, ImportRecord record) =>
        IsRunningHere(tenant, record.Id)
        || (record.Status == ImportStatuses.Running && hub.IsCosmos && clock.GetUtcNow() - record.SavedAt < options.Value.StaleAfter);

    public async Task<ImportStatusResponse?> StatusAsync(string tenant, string id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_running.TryGetValue((tenant, id), out var live)) return live.Snapshot(_instance, now).Record.Answer(now, interrupted: false);
        var (record, _) = await FindAsync(tenant, id, ct);
        return record?.Answer(now, interrupted: record.Status == ImportStatuses.Running && !RunsSomewhere(tenant, record));
    }

    public async Task SaveAsync(ImportProgress progress, CancellationToken ct)
    {
        var (record, version) = progress.Snapshot(_instance, clock.GetUtcNow());
        await views.PutAsync(new ViewRow(progress.Tenant, Kind, progress.Id, version, null, JsonSerializer.Serialize(record, Json.Options)), ct);
    }
}
