using System.Globalization;
using ConsentHub.Hub.Projections.Views;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// Views as rows of the same database as the events. Writes go through the store's writer, so an inline view write
/// shares the group commit with other writes, and the feed writes its views with its checkpoint (SqliteViewFeed).
/// `due` is in Unix milliseconds: the index orders and filters by it; the body keeps the exact times.
public sealed class SqliteViewStore : IViewStore, IViewScan
{
    private readonly SqliteDatabase _db;
    private readonly SqliteEventStore _writer;

    public SqliteViewStore(SqliteDatabase db, SqliteEventStore writer)
    {
        (_db, _writer) = (db, writer);
        using var connection = db.Open();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS views (
                tenant  TEXT NOT NULL,
                kind    TEXT NOT NULL,
                key     TEXT NOT NULL,
                version INTEGER NOT NULL,
                due     INTEGER,
                body    TEXT NOT NULL,
                PRIMARY KEY (tenant, kind, key)
            );
            CREATE INDEX IF NOT EXISTS views_due ON views (tenant, kind, due) WHERE due IS NOT NULL;
            CREATE TABLE IF NOT EXISTS view_changes (
                tenant   TEXT NOT NULL,
                log      TEXT NOT NULL,
                key      TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                at       TEXT NOT NULL,
                PRIMARY KEY (tenant, log, key)
            );
            CREATE UNIQUE INDEX IF NOT EXISTS view_changes_sequence ON view_changes (tenant, log, sequence);
            """);
    }

    public async Task<ViewRow?> GetAsync(string tenant, string kind, string key, CancellationToken ct) =>
        (await QueryAsync("SELECT tenant, kind, key, version, due, body FROM views WHERE tenant = $tenant AND kind = $kind AND key = $key",
            ct, ("$tenant", tenant), ("$kind", kind), ("$key", key))).SingleOrDefault();

    public async Task<IReadOnlyList<ViewRow>> GetManyAsync(string tenant, string kind, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var rows = new List<ViewRow>(keys.Count);
        foreach (var key in keys)
            if (await GetAsync(tenant, kind, key, ct) is { } row) rows.Add(row);
        return rows;
    }

    public async Task<bool> PutAsync(ViewRow view, CancellationToken ct) =>
        (bool)await _writer.WriteAsync((connection, transaction) => Put(connection, transaction, view), ct);

    public Task<IReadOnlyList<ViewRow>> ListAsync(string tenant, string kind, DateTimeOffset? dueBefore, CancellationToken ct) => dueBefore is { } before
        ? QueryAsync("SELECT tenant, kind, key, version, due, body FROM views WHERE tenant = $tenant AND kind = $kind AND due IS NOT NULL AND due < $before ORDER BY due",
            ct, ("$tenant", tenant), ("$kind", kind), ("$before", before.ToUnixTimeMilliseconds()))
        : QueryAsync("SELECT tenant, kind, key, version, due, body FROM views WHERE tenant = $tenant AND kind = $kind", ct, ("$tenant", tenant), ("$kind", kind));

    public Task<IReadOnlyList<ViewRow>> StartingWithAsync(string tenant, string kind, string keyPrefix, CancellationToken ct) =>
        QueryAsync("SELECT tenant, kind, key, version, due, body FROM views WHERE tenant = $tenant AND kind = $kind AND key >= $prefix AND substr(key, 1, length($prefix)) = $prefix",
            ct, ("$tenant", tenant), ("$kind", kind), ("$prefix", keyPrefix));

    /// Sequences are given inside the writer's transaction, so they follow commit order with no change committed
    /// behind a sequence a reader has passed.
    public async Task<ChangePage> ChangesAsync(string tenant, string log, long after, int limit, CancellationToken ct)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, sequence, at FROM view_changes WHERE tenant = $tenant AND log = $log AND sequence > $after ORDER BY sequence LIMIT $limit";
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$log", log);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        var changes = new List<LoggedChange>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            changes.Add(new(reader.GetString(0), reader.GetInt64(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
        return new(changes, changes.Count > 0 ? changes[^1].Sequence : after);
    }

    public async Task<IReadOnlyList<string>> TenantsAsync(string kind, CancellationToken ct)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT tenant FROM views WHERE kind = $kind ORDER BY tenant";
        command.Parameters.AddWithValue("$kind", kind);
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tenants.Add(reader.GetString(0));
        return tenants;
    }

    /// Read on one connection in the order of the primary key (so by tenant); a batch is applied on another thread while
    /// the next is read. Bodies are taken as the UTF-8 bytes SQLite holds, never made into strings.
    public async Task ScanAsync(string kind, Action<ViewBatch> apply, CancellationToken ct)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant, key, version, body FROM views WHERE kind = $kind";
        command.Parameters.AddWithValue("$kind", kind);
        await using var reader = await command.ExecuteReaderAsync(ct);
        ViewBatch filling = new(kind), spare = new(kind);
        var applying = Task.CompletedTask;
        while (reader.Read())
        {
            // Not GetBytes: it opens a blob stream, which looks up the column's table and rowid for every row.
            var body = reader.GetFieldValue<byte[]>(3);
            var (buffer, offset) = filling.Add(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), body.Length);
            body.CopyTo(buffer, offset);
            if (!filling.Full) continue;
            await applying;
            (filling, spare) = (spare, filling);
            filling.Clear();
            var full = spare;
            applying = Task.Run(() => apply(full), ct);
        }
        await applying;
        if (filling.Count > 0) apply(filling);
    }

    public async Task<IReadOnlyList<(string Tenant, int Count)>> CountAsync(string kind, CancellationToken ct)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant, COUNT(*) FROM views WHERE kind = $kind GROUP BY tenant";
        command.Parameters.AddWithValue("$kind", kind);
        var counts = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counts.Add((reader.GetString(0), reader.GetInt32(1)));
        return counts;
    }

    /// Inside a writer's transaction: the feed calls this with its checkpoint in the same transaction.
    public static bool Put(SqliteConnection connection, SqliteTransaction transaction, ViewRow view)
    {
        var command = SqliteStatements.For(connection, transaction, """
            INSERT INTO views (tenant, kind, key, version, due, body) VALUES ($tenant, $kind, $key, $version, $due, $body)
            ON CONFLICT (tenant, kind, key) DO UPDATE SET version = excluded.version, due = excluded.due, body = excluded.body
            WHERE excluded.version > views.version
            """);
        command.Parameters.AddWithValue("$tenant", view.Tenant);
        command.Parameters.AddWithValue("$kind", view.Kind);
        command.Parameters.AddWithValue("$key", view.Key);
        command.Parameters.AddWithValue("$version", view.Version);
        command.Parameters.AddWithValue("$due", view.Due is { } due ? due.ToUnixTimeMilliseconds() : DBNull.Value);
        command.Parameters.AddWithValue("$body", view.Body);
        if (command.ExecuteNonQuery() == 0) return false;
        if (view.Change is { } change) Log(connection, transaction, view.Tenant, change);
        return true;
    }

    private static void Log(SqliteConnection connection, SqliteTransaction transaction, string tenant, ViewChange change)
    {
        var command = SqliteStatements.For(connection, transaction, """
            INSERT INTO view_changes (tenant, log, key, sequence, at)
            VALUES ($tenant, $log, $key, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM view_changes WHERE tenant = $tenant AND log = $log), $at)
            ON CONFLICT (tenant, log, key) DO UPDATE SET sequence = excluded.sequence, at = excluded.at
            """);
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$log", change.Log);
        command.Parameters.AddWithValue("$key", change.Key);
        command.Parameters.AddWithValue("$at", change.At.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    private async Task<IReadOnlyList<ViewRow>> QueryAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = _db.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var rows = new List<ViewRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetString(5)));
        return rows;
    }
}
