using System.Diagnostics;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Projections;

namespace ConsentHub.Domain.Requests;

/// What the request list, its lookups and the deadline job read: the decider's state without its idempotency memory
/// or sealed evidence.
public sealed record RequestSummary(string SubjectId, string Type, string Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool Extended,
    string? Channel = null, string? Language = null);

public static class RequestProjection
{
    /// Inline: `GET …/requests/{id}` answers right after `POST …/requests`, on every store. Only open requests are
    /// in the due index: the deadline job looks for open requests past it.
    public static readonly ViewProjection<RequestEvent, RequestSummary> Declaration =
        new("request", "request", ProjectionLifecycle.Inline, Evolve, r => r.Status == RequestStatus.Open ? r.DueAt : null);

    public static RequestSummary Evolve(RequestSummary? view, RequestEvent e) => (view, e) switch
    {
        (_, RequestEvent.Received r) => new(r.SubjectId, r.Type, RequestStatus.Open, r.ReceivedAt, r.DueAt, false, r.Channel, r.Language),
        (null, _) => throw new InvalidOperationException($"{e.GetType().Name} before the request was received"),
        (_, RequestEvent.Extended x) => view with { DueAt = x.DueAt, Extended = true },
        (_, RequestEvent.Completed) => view with { Status = RequestStatus.Completed },
        (_, RequestEvent.Rejected) => view with { Status = RequestStatus.Rejected },
        (_, RequestEvent.AttachmentAdded) => view,   // the list stays light: attachments show in the case only
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    };

    /// The view of a decided state, for the inline write (the same as folding `Evolve` over the stream).
    public static RequestSummary? Of(RequestState s) => s.Received is { } r
        ? new(r.SubjectId, r.Type, s.Status, r.ReceivedAt, s.DueAt!.Value, s.Extended, r.Channel, r.Language)
        : null;
}
