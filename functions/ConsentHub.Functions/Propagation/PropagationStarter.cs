using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Storage;
using Microsoft.Extensions.Options;

namespace ConsentHub.Functions.Propagation;

/// Reads the event log in commit order and starts a propagation for every change that some target must hear of:
/// a `propagation.started` event with the targets, then one queued task per target, then the checkpoint.
/// Each step is idempotent, so a crash anywhere only repeats work.
public sealed class PropagationStarter(IEventStore store, ChangeContexts contexts, IEnumerable<IPropagationTarget> targets,
    IPropagationQueue queue, ICheckpointStore checkpoints, TimeProvider clock)
{
    public const string CheckpointName = "propagation-starter";
    private readonly DeciderRunner<PropagationEvent, PropagationState> _runner = new(store, PropagationState.Initial, PropagationState.Evolve);

    public static StreamId StreamOf(string tenant, string changeEventId) => new(tenant, "propagation-" + changeEventId);

    /// Starts propagations for the changes after the checkpoint; answers how many events it read.
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var after = await checkpoints.ReadAsync(CheckpointName, ct);
        var page = await store.ReadAllAsync(after, 200, null, ct);
        foreach (var stored in page)
            await StartAsync(stored, ct);
        if (page.Count > 0) await checkpoints.WriteAsync(CheckpointName, page[^1].Position, ct);
        return page.Count;
    }

    public async Task StartAsync(StoredEvent stored, CancellationToken ct)
    {
        if (await contexts.BuildAsync(stored, ct) is not { } change) return;
        var names = targets.SelectMany(t => t.TargetsFor(change)).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0) return;
        var stream = StreamOf(change.Tenant, stored.EventId);
        var meta = new EventMeta("start", "start", clock.GetUtcNow());
        await _runner.TransactAsync(stream, s => s.Change is null
                ? (0, new PropagationEvent[] { new PropagationEvent.Started(stored.Stream.Name, stored.Version, stored.EventId, stored.Type, change.SubjectId, new EquatableArray<string>(names), meta) })
                : (0, []),
            e => e.Meta, ct);
        await queue.EnqueueAsync([.. names.Select(n => new PropagationTask(change.Tenant, stream.Name, n))], clock.GetUtcNow(), ct);
    }
}
