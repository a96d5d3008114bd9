using System.Threading.Channels;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Propagation;

/// The self-hosted server's priority lane: each committed change that stops processing (PriorityChanges) is handed
/// here right after its commit, and PropagationWorker's priority loop starts and runs it at once instead of after
/// the bulk work ahead of it in the log and the queue. Memory only, and that is enough: a change lost here (a crash,
/// a full lane) is still started by the log reader in its turn, so the lane only ever makes a propagation earlier.
public sealed class PriorityLane : ICommitObserver
{
    private const int Capacity = 10_000;
    private readonly Channel<StoredEvent> _changes = Channel.CreateBounded<StoredEvent>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public Task CommittedAsync(IReadOnlyList<StoredEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
            if (PriorityChanges.IsPriority(e)) _changes.Writer.TryWrite(e);
        return Task.CompletedTask;
    }

    /// Waits until a priority change comes or `poll` passes (then the queue is looked at for priority tasks the log reader queued).
    public async Task<IReadOnlyList<StoredEvent>> NextAsync(TimeSpan poll, TimeProvider clock, CancellationToken ct)
    {
        if (!_changes.Reader.TryPeek(out _))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var came = _changes.Reader.WaitToReadAsync(stop.Token).AsTask();
            await Task.WhenAny(came, Task.Delay(poll, clock, stop.Token));
            await stop.CancelAsync();   // ends whichever still waits
            ct.ThrowIfCancellationRequested();
        }
        var taken = new List<StoredEvent>();
        while (taken.Count < 64 && _changes.Reader.TryRead(out var next)) taken.Add(next);
        return taken;
    }
}
