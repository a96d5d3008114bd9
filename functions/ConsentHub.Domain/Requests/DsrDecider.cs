using System.Collections.Immutable;
using System.Diagnostics;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Domain.Requests;

public static class RequestTypes
{
    public static readonly IReadOnlySet<string> All = new HashSet<string> { "access", "portability", "erasure", "rectification", "restriction", "objection" };
}

/// How a request came in (`RequestEvent.Received.Channel`).
public static class RequestChannels
{
    /// Recorded through the API without saying how it reached the controller.
    public const string Api = "api";
    /// Filed by the person from a link the hub mailed them: only the hub records it.
    public const string PreferenceCenter = "preference-center";

    /// The ways a controller may state a request reached it (`POST …/requests` `channel`).
    public static readonly IReadOnlySet<string> Stated = new HashSet<string> { Api, "email", "letter", "phone", "in-person", "web-form" };

    public static readonly IReadOnlySet<string> All = new HashSet<string>(Stated) { PreferenceCenter };
}

/// How the person's identity was verified (`identityVerifiedBy`): free text from the controller, except this one.
public static class IdentityVerification
{
    /// The person proved they hold the mailbox by following a link the hub mailed to it: only the hub can say so.
    public const string Mailbox = "mailbox";
}

public static class RequestStatus
{
    public const string Open = "open";
    public const string Completed = "completed";
    public const string Rejected = "rejected";
}

public sealed record RequestState(long Version, RequestEvent.Received? Received, string Status, DateTimeOffset? DueAt, bool Extended,
    ImmutableDictionary<string, RequestRecord> Requests, int Attachments = 0)
{
    /// Evidence attached to one request (scanned letters): a bound, so one case cannot grow without end.
    public const int MaxAttachments = 20;

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
    public sealed record Attach(string AttachmentId, string ContentType, long Size, string Sha256, EventMeta Meta) : RequestCommand;
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
            RequestCommand.Receive r when Invalid(r) is { } why => (new RequestOutcome.Refused("request-invalid", why), []),
            RequestCommand.Receive r => (new RequestOutcome.Done(), [new RequestEvent.Received(r.SubjectId, r.Type, r.ReceivedAt, RequestDeadline.DueAt(r.ReceivedAt), r.IdentityVerifiedBy, r.Meta, r.Channel, r.Language, r.Details)]),
            _ when s.Received is null => (new RequestOutcome.NotFound(), []),
            // Evidence of how the request came in may arrive after it was answered (the letter scanned later).
            RequestCommand.Attach when s.Attachments >= RequestState.MaxAttachments => (new RequestOutcome.Refused("attachments-full", $"A request holds at most {RequestState.MaxAttachments} attachments."), []),
            RequestCommand.Attach a => (new RequestOutcome.Done(), [new RequestEvent.AttachmentAdded(a.AttachmentId, a.ContentType, a.Size, a.Sha256, a.Meta)]),
            _ when s.Status != RequestStatus.Open => (new RequestOutcome.Refused("request-closed", $"The request is already {s.Status}."), []),
            RequestCommand.Extend when s.Extended => (new RequestOutcome.Refused("request-extended", "The deadline can be extended only once."), []),
            RequestCommand.Extend x => (new RequestOutcome.Done(), [new RequestEvent.Extended(x.Reason, RequestDeadline.ExtendedDueAt(s.Received!.DueAt), x.Meta)]),
            RequestCommand.Complete c => (new RequestOutcome.Done(), [new RequestEvent.Completed(c.Meta)]),
            RequestCommand.Reject r => (new RequestOutcome.Done(), [new RequestEvent.Rejected(r.Reason, r.Meta)]),
            _ => throw new UnreachableException($"Unhandled {command.GetType().Name}"),
        };
    }

    /// GDPR art. 12(6): the controller answers only a person whose identity it has verified; a request with no
    /// verification (the mailbox, for one filed from a mailed link) is not a case the hub records.
    private static string? Invalid(RequestCommand.Receive r) =>
        r.IdentityVerifiedBy is null ? "A request needs the way the person's identity was verified."
        : !RequestTypes.All.Contains(r.Type) ? $"'{r.Type}' is not a request type."
        : r.Channel is not null && !RequestChannels.All.Contains(r.Channel) ? $"'{r.Channel}' is not a way a request comes in."
        : r.Language is not null && !Languages.Supported.Contains(r.Language) ? "The person's language must be fi, sv or en."
        : null;

    public static RequestState Evolve(RequestState s, RequestEvent e) => (e switch
    {
        RequestEvent.Received r => s with { Received = r, DueAt = r.DueAt },
        RequestEvent.Extended x => s with { DueAt = x.DueAt, Extended = true },
        RequestEvent.Completed => s with { Status = RequestStatus.Completed },
        RequestEvent.Rejected => s with { Status = RequestStatus.Rejected },
        RequestEvent.AttachmentAdded => s with { Attachments = s.Attachments + 1 },
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    }) with { Version = s.Version + 1, Requests = RequestRecord.Remember(s.Requests, e.Meta, s.Version) };
}
