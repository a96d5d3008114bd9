using ConsentHub.Hub.Propagation;
using Microsoft.Data.Sqlite;

namespace ConsentHub.Hub.Storage;

/// The local propagation queue: rows in the hub's own database, written through the store's group-commit writer.
public sealed class SqlitePropagationQueue(SqliteEventStore writer) : IPropagationQueue, ICheckpointStore
{
    public Task EnqueueAsync(IReadOnlyList<PropagationTask> tasks, DateTimeOffset dueAt, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction,
                "INSERT OR IGNORE INTO propagation_queue (tenant, propagation, target, due_at, priority) VALUES ($tenant, $propagation, $target, $due, $priority)");
            var tenant = command.Parameters.Add("$tenant", SqliteType.Text);
            var propagation = command.Parameters.Add("$propagation", SqliteType.Text);
            var target = command.Parameters.Add("$target", SqliteType.Text);
            var priority = command.Parameters.Add("$priority", SqliteType.Integer);
            command.Parameters.AddWithValue("$due", dueAt.ToUnixTimeMilliseconds());
            foreach (var task in tasks)
            {
                (tenant.Value, propagation.Value, target.Value, priority.Value) = (task.Tenant, task.PropagationId, task.Target, task.Priority ? 1 : 0);
                command.ExecuteNonQuery();
            }
            return tasks.Count;
        }, ct);

    public Task<IReadOnlyList<PropagationTask>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct) =>
        LeaseAsync("AND priority = 0", max, now, lease, ct);

    /// On the partial index of priority tasks, so the lane finds its few among a bulk backlog without a scan.
    public Task<IReadOnlyList<PropagationTask>> LeasePriorityAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct) =>
        LeaseAsync("AND priority = 1", max, now, lease, ct);

    private async Task<IReadOnlyList<PropagationTask>> LeaseAsync(string only, int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct) =>
        (List<PropagationTask>)await writer.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, $"""
                UPDATE propagation_queue SET lease_until = $until
                WHERE rowid IN (SELECT rowid FROM propagation_queue WHERE state = 'ready' {only} AND due_at <= $now AND lease_until <= $now ORDER BY due_at LIMIT $max)
                RETURNING tenant, propagation, target, priority
                """);
            command.Parameters.AddWithValue("$until", (now + lease).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$max", max);
            var leased = new List<PropagationTask>();
            using var reader = command.ExecuteReader();
            while (reader.Read()) leased.Add(new PropagationTask(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) == 1));
            return leased;
        }, ct);

    public Task RescheduleAsync(PropagationTask task, DateTimeOffset dueAt, CancellationToken ct) =>
        Update(task, "UPDATE propagation_queue SET due_at = $due, lease_until = 0 WHERE tenant = $tenant AND propagation = $propagation AND target = $target",
            dueAt.ToUnixTimeMilliseconds(), ct);

    public Task CompleteAsync(PropagationTask task, CancellationToken ct) =>
        Update(task, "DELETE FROM propagation_queue WHERE tenant = $tenant AND propagation = $propagation AND target = $target", null, ct);

    public Task DeadLetterAsync(PropagationTask task, CancellationToken ct) =>
        Update(task, "UPDATE propagation_queue SET state = 'dead', lease_until = 0 WHERE tenant = $tenant AND propagation = $propagation AND target = $target", null, ct);

    public bool CommitsTogether => writer.GroupCommit;

    /// A round's outcomes in one piece of the writer's work, so they share one commit instead of one each.
    public Task SettleAsync(IReadOnlyList<Settlement> settled, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            const string Row = "WHERE tenant = $tenant AND propagation = $propagation AND target = $target";
            using var complete = Command(connection, transaction, $"DELETE FROM propagation_queue {Row}");
            using var reschedule = Command(connection, transaction, $"UPDATE propagation_queue SET due_at = $due, lease_until = 0 {Row}");
            using var dead = Command(connection, transaction, $"UPDATE propagation_queue SET state = 'dead', lease_until = 0 {Row}");
            foreach (var s in settled)
            {
                var command = s switch { { RetryAt: not null } => reschedule, { Dead: true } => dead, _ => complete };
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$tenant", s.Task.Tenant);
                command.Parameters.AddWithValue("$propagation", s.Task.PropagationId);
                command.Parameters.AddWithValue("$target", s.Task.Target);
                if (s.RetryAt is { } at) command.Parameters.AddWithValue("$due", at.ToUnixTimeMilliseconds());
                command.ExecuteNonQuery();
            }
            return settled.Count;
        }, ct);

    public async Task<long> ReadAsync(string name, CancellationToken ct) =>
        (long)await writer.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, "SELECT COALESCE((SELECT position FROM checkpoints WHERE name = $name), 0)");
            command.Parameters.AddWithValue("$name", name);
            return command.ExecuteScalar()!;
        }, ct);

    public Task WriteAsync(string name, long position, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction,
                "INSERT INTO checkpoints (name, position) VALUES ($name, $position) ON CONFLICT (name) DO UPDATE SET position = excluded.position");
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$position", position);
            return command.ExecuteNonQuery();
        }, ct);

    private Task<object> Update(PropagationTask task, string sql, long? due, CancellationToken ct) =>
        writer.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, sql);
            command.Parameters.AddWithValue("$tenant", task.Tenant);
            command.Parameters.AddWithValue("$propagation", task.PropagationId);
            command.Parameters.AddWithValue("$target", task.Target);
            if (due is { } d) command.Parameters.AddWithValue("$due", d);
            return command.ExecuteNonQuery();
        }, ct);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
