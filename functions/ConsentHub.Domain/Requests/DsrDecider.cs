using System.Collections.Immutable;
using System.Diagnostics;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Domain.Requests;

public static class RequestTypes
{
    public static readonly IReadOnlySet<string> All = new HashSet<string> { "access", "portability", "erasure", "rectification", "restriction", "objection" };
}

/// How a request came in (`RequestEvent.Received.Channel`).
public static class RequestChannels
{
    public const string Api = "api";
    public const string PreferenceCenter = "preference-center";
}

public static class RequestStatus
{
    public const string Open = "open";
    public const string Completed = "completed";
    public const string Rejected = "rejected";
}

public sealed record RequestState(long Version, RequestEvent.Received? Received, string Status, DateTimeOffset? DueAt, bool Extended,
    ImmutableDictionary<string, RequestRecord> Requests)
{
    public static readonly RequestState Initial = new(0, null, RequestStatus.Open, null, false, ImmutableDictionary<string, RequestRecord>.Empty);
}

public abstract record RequestCommand
{
    private RequestCommand() { }
    public abstract EventMeta Meta { get; init; }

    public sealed record Receive(string SubjectId, string Type, DateTimeOffset ReceivedAt, Sealed? IdentityVerifiedBy, EventMeta Meta,
        string? Channel = null, string? Language = null, Sealed? Details = null) : RequestCommand;
    public sealed record Extend(Sealed Reason, EventMeta Meta) : RequestCommand;
    public sealed record Complete(EventMeta Meta) : RequestCommand;
    public sealed record Reject(Sealed Reason, EventMeta Meta) : RequestCommand;
}

public abstract record RequestOutcome
{
    private RequestOutcome() { }
    public sealed record Done : RequestOutcome;
    public sealed record Replayed : RequestOutcome;
    public sealed record KeyReused : RequestOutcome;
    public sealed record NotFound : RequestOutcome;
    public sealed record Refused(string Slug, string Why) : RequestOutcome;
}

/// Data subject requests: one calendar month from receipt, extendable once by two months with a reason (GDPR art. 12(3)).
public static class DsrDecider
{
    public static (RequestOutcome, RequestEvent[]) Decide(RequestCommand command, RequestState s)
    {
        if (s.Requests.TryGetValue(command.Meta.RequestId, out var first))
            return first.RequestHash == command.Meta.RequestHash ? (new RequestOutcome.Replayed(), []) : (new RequestOutcome.KeyReused(), []);
        return command switch
        {
            RequestCommand.Receive when s.Received is not null => (new RequestOutcome.Refused("request-exists", "This request is already recorded."), []),
            RequestCommand.Receive r => (new RequestOutcome.Done(), [new RequestEvent.Received(r.SubjectId, r.Type, r.ReceivedAt, r.ReceivedAt.AddMonths(1), r.IdentityVerifiedBy, r.Meta, r.Channel, r.Language, r.Details)]),
            _ when s.Received is null => (new RequestOutcome.NotFound(), []),
            _ when s.Status != RequestStatus.Open => (new RequestOutcome.Refused("request-closed", $"The request is already {s.Status}."), []),
            RequestCommand.Extend when s.Extended => (new RequestOutcome.Refused("request-extended", "The deadline can be extended only once."), []),
            RequestCommand.Extend x => (new RequestOutcome.Done(), [new RequestEvent.Extended(x.Reason, s.DueAt!.Value.AddMonths(2), x.Meta)]),
            RequestCommand.Complete c => (new RequestOutcome.Done(), [new RequestEvent.Completed(c.Meta)]),
            RequestCommand.Reject r => (new RequestOutcome.Done(), [new RequestEvent.Rejected(r.Reason, r.Meta)]),
            _ => throw new UnreachableException($"Unhandled {command.GetType().Name}"),
        };
    }

    public static RequestState Evolve(RequestState s, RequestEvent e) => (e switch
    {
        RequestEvent.Received r => s with { Received = r, DueAt = r.DueAt },
        RequestEvent.Extended x => s with { DueAt = x.DueAt, Extended = true },
        RequestEvent.Completed => s with { Status = RequestStatus.Completed },
        RequestEvent.Rejected => s with { Status = RequestStatus.Rejected },
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    }) with { Version = s.Version + 1, Requests = RequestRecord.Remember(s.Requests, e.Meta, s.Version) };
}
