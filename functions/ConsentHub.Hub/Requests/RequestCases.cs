using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Requests;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Requests;

/// What a new request needs, whichever way it came in (the dsr API, the person's own preference center).
/// `Details`: the person's own words (what to correct), sealed with the subject's key.
public sealed record NewRequest(string SubjectId, string Type, DateTimeOffset ReceivedAt, string? IdentityVerifiedBy, string Channel, string? Language,
    string? Details = null);

/// The write side of data subject requests: every way a request is received or changed goes through here, so the
/// decider's rules and the inline view hold alike for each.
public sealed class RequestCases(IEventStore store, RequestViews views, Sealer sealer, TimeProvider clock)
{
    public static StreamId StreamOf(string tenant, string id) => new(tenant, "request-" + id);

    /// The request's id: with an Idempotency-Key it follows from the key, so a retry lands on the same request.
    public static string IdFor(string tenant, string requestId) => requestId.StartsWith("key:", StringComparison.Ordinal)
        ? Hashes.Sha256Hex(tenant + "\n" + requestId)[..32]
        : Guid.NewGuid().ToString("N");

    public async Task<(RequestOutcome Outcome, RequestState State, string Id)> ReceiveAsync(string tenant, NewRequest request, string requestId, string requestHash, CancellationToken ct)
    {
        var id = IdFor(tenant, requestId);
        var stream = StreamOf(tenant, id);
        // A request's key is destroyed only with its subject's erasure; a retry of a request so erased is a replay.
        var seal = await sealer.ForStreamAsync(stream, ct);
        // The person's words are theirs: sealed with the subject's key, so erasing the subject leaves them unreadable.
        var details = request.Details is null ? null
            : (await sealer.ForStreamAsync(StreamId.Subject(tenant, request.SubjectId), ct))?.Invoke(request.Details);
        var command = new RequestCommand.Receive(request.SubjectId, request.Type, request.ReceivedAt, seal?.Invoke(request.IdentityVerifiedBy),
            new EventMeta(requestId, requestHash, clock.GetUtcNow()), request.Channel, request.Language, details);
        var (outcome, state) = await TransactAsync(stream, command, ct);
        return (outcome, state, id);
    }

    // The request view is inline: written before the answer, so a read right after the write finds it. A replay
    // writes it too (version-guarded), which repairs a view that a crash after the first append left behind.
    public async Task<(RequestOutcome, RequestState)> TransactAsync(StreamId stream, RequestCommand command, CancellationToken ct)
    {
        var runner = new DeciderRunner<RequestEvent, RequestState>(store, RequestState.Initial, DsrDecider.Evolve);
        var written = await runner.TransactAsync(stream, s => DsrDecider.Decide(command, s), e => e.Meta, ct);
        if (written.Result is RequestOutcome.Done or RequestOutcome.Replayed) await views.WriteAsync(stream.Tenant, stream.Key, written.State, ct);
        return (written.Result, written.State);
    }
}
