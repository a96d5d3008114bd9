namespace ConsentHub.Hub.Propagation;

/// One target's work in one propagation. `Priority`: its change stops processing (PriorityChanges), so it runs ahead
/// of bulk work.
public sealed record PropagationTask(string Tenant, string PropagationId, string Target, bool Priority = false);

/// Hands new tasks to whatever drives propagations: a queue on the self-hosted server, a Durable orchestration in the
/// Functions app. Idempotent per tenant, propagation and target.
public interface IPropagationDispatch
{
    Task EnqueueAsync(IReadOnlyList<PropagationTask> tasks, DateTimeOffset dueAt, CancellationToken ct);
}

/// The local durable work queue. At-least-once: a leased task whose worker died is leased again once the lease runs out.
public interface IPropagationQueue : IPropagationDispatch
{
    /// Due bulk tasks (priority tasks are the priority lane's: a bulk round that waits for slow deliveries never holds one).
    Task<IReadOnlyList<PropagationTask>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct);
    /// Due priority tasks, for the priority lane.
    Task<IReadOnlyList<PropagationTask>> LeasePriorityAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct);
    Task RescheduleAsync(PropagationTask task, DateTimeOffset dueAt, CancellationToken ct);
    Task CompleteAsync(PropagationTask task, CancellationToken ct);
    Task DeadLetterAsync(PropagationTask task, CancellationToken ct);

    /// Whether the store behind the queue commits concurrent writes together (SQLite's group commit): the worker then
    /// runs a whole round's tasks at once, so their attempts and outcomes share commits, and lets only
    /// `Parallelism` of them call providers at a time.
    bool CommitsTogether => false;

    /// What each task of a round came to, told at once: in one write where the queue can (SqlitePropagationQueue).
    /// A crash before it only leaves the round's leases to run out; a task leased again finds its outcome recorded in
    /// its propagation and does nothing but settle.
    async Task SettleAsync(IReadOnlyList<Settlement> settled, CancellationToken ct)
    {
        foreach (var s in settled)
            await (s switch
            {
                { RetryAt: { } at } => RescheduleAsync(s.Task, at, ct),
                { Dead: true } => DeadLetterAsync(s.Task, ct),
                _ => CompleteAsync(s.Task, ct),
            });
    }
}

/// A run task's next step in the queue: done (neither set), due again at `RetryAt`, or `Dead` (kept, never leased again).
public sealed record Settlement(PropagationTask Task, DateTimeOffset? RetryAt = null, bool Dead = false);

/// Where a reader of the event log got to, kept durably.
public interface ICheckpointStore
{
    Task<long> ReadAsync(string name, CancellationToken ct);
    Task WriteAsync(string name, long position, CancellationToken ct);
}
