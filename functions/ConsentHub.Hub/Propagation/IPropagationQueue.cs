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
}

/// Where a reader of the event log got to, kept durably.
public interface ICheckpointStore
{
    Task<long> ReadAsync(string name, CancellationToken ct);
    Task WriteAsync(string name, long position, CancellationToken ct);
}
