using System.Collections.Concurrent;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Requests;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Requests;

public sealed record RequestView(string Id, string SubjectId, string Type, string Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool Extended);

/// Projection of the data subject requests, for listing and for the deadline timer.
public sealed class RequestIndex
{
    private readonly ConcurrentDictionary<StreamId, RequestState> _requests = new();

    public void Apply(StoredEvent stored, RequestEvent e) =>
        _requests.AddOrUpdate(stored.Stream, _ => DsrDecider.Evolve(RequestState.Initial, e), (_, s) => DsrDecider.Evolve(s, e));

    public IEnumerable<RequestView> For(string tenant) =>
        _requests.Where(kv => kv.Key.Tenant == tenant && kv.Value.Received is not null).Select(kv => View(kv.Key, kv.Value));

    public RequestView? Find(string tenant, string id) =>
        _requests.TryGetValue(RequestEndpoints.StreamOf(tenant, id), out var s) && s.Received is not null ? View(RequestEndpoints.StreamOf(tenant, id), s) : null;

    /// Open requests of every tenant whose deadline has passed.
    public IEnumerable<(string Tenant, RequestView Request)> Overdue(DateTimeOffset now) =>
        _requests.Where(kv => kv.Value is { Received: not null, Status: RequestStatus.Open } && kv.Value.DueAt < now)
            .Select(kv => (kv.Key.Tenant, View(kv.Key, kv.Value)));

    private static RequestView View(StreamId stream, RequestState s) =>
        new(stream.Key, s.Received!.SubjectId, s.Received.Type, s.Status, s.Received.ReceivedAt, s.DueAt!.Value, s.Extended);
}
