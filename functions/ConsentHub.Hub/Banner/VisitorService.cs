using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Banner;

public sealed record VisitorWrite(LedgerOutcome Outcome, VisitorState State, StreamId Stream, string RequestId)
{
    /// The receipt of a recorded choice, the same for its first write and every replay.
    public string ReceiptId => EventIds.For(Stream, RequestId, State.Requests[RequestId].Events - 1);
}

/// Writes to visitors' streams: seals IP and user agent as evidence (the stream's key and the day's evidence key), decides, appends, and returns once
/// the visitor's view has the write.
public sealed class VisitorService(IEventStore store, VisitorViews views, Sealer sealer)
{
    private readonly DeciderRunner<VisitorEvent, VisitorState> _runner = new(store, VisitorState.Initial, VisitorDecider.Evolve, VisitorStateCodec.Instance);

    public async Task<VisitorWrite> WriteAsync(string tenant, string visitorId, string requestId,
        Func<Seal, VisitorCommand> build, CancellationToken ct)
    {
        var stream = StreamId.Visitor(tenant, visitorId);
        // A visitor erased with its subject gets no new key, so nothing more is recorded for it.
        if (await sealer.ForWriteAsync(stream, ct) is not { } sealFor) return new VisitorWrite(new LedgerOutcome.SubjectErased(), await _runner.LoadAsync(stream, ct), stream, requestId);
        var command = build((text, evidence) => sealFor(text, evidence));
        var written = await _runner.TransactAsync(stream, state => VisitorDecider.Decide(command, state), e => e.Meta, ct);
        if (written.LastPosition is not null) await views.WriteAsync(stream, written.State, ct);
        return new VisitorWrite(written.Result, written.State, stream, requestId);
    }
}
