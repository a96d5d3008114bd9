using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;

namespace ConsentHub.Domain.Ledger;

/// What a caller asks of a person's stream. `ExpectedVersion` is the caller's If-Match, if any.
public abstract record LedgerCommand
{
    private LedgerCommand() { }

    public abstract EventMeta Meta { get; init; }
    public long? ExpectedVersion { get; init; }

    public sealed record RecordConsent(string Purpose, string? Channel, bool Granted, string? PolicyVersion, Evidence Evidence, EventMeta Meta) : LedgerCommand;
    public sealed record RecordObjection(string Scope, string Channel, bool Lifted, Evidence Evidence, EventMeta Meta) : LedgerCommand;
    public sealed record SetRestriction(bool Restricted, Sealed? Reason, EventMeta Meta) : LedgerCommand;
    public sealed record ReplaceContactPoints(EquatableArray<ContactRef> Emails, EquatableArray<ContactRef> Phones, EventMeta Meta, EquatableArray<ContactRef>? Push = null) : LedgerCommand;
    public sealed record Subscribe(string ListId, string? Language, bool Confirmed, Evidence Evidence, EventMeta Meta) : LedgerCommand
    {
        /// Another stream speaking for the address (a linked subject) forbids mailing it (ConfirmationMail).
        public bool ForbiddenElsewhere { get; init; }
    }
    public sealed record ConfirmSubscription(string ListId, Evidence Evidence, EventMeta Meta) : LedgerCommand;
    public sealed record Unsubscribe(string ListId, Evidence Evidence, EventMeta Meta) : LedgerCommand;
    public sealed record LinkVisitor(string VisitorId, EventMeta Meta) : LedgerCommand;
    /// `Erased`/`Held`/`HeldUntil`: what the erasure shreds at once and what a legal hold keeps, told to CRMs.
    public sealed record Erase(EventMeta Meta, EquatableArray<string>? Erased = null, EquatableArray<string>? Held = null, DateTimeOffset? HeldUntil = null) : LedgerCommand;
    public sealed record RequestPreferenceLink(string? Language, Evidence Evidence, EventMeta Meta) : LedgerCommand;
    public sealed record CloseAccount(DateTimeOffset ClosedAt, EventMeta Meta) : LedgerCommand;
}

/// How a command ended; the endpoint maps it to HTTP.
public abstract record LedgerOutcome
{
    private LedgerOutcome() { }

    public sealed record Recorded : LedgerOutcome;
    /// The same Idempotency-Key with the same request: answer as the first time, write nothing.
    public sealed record Replayed(RequestRecord First) : LedgerOutcome;
    /// The same Idempotency-Key with another request.
    public sealed record KeyReused : LedgerOutcome;
    /// If-Match named another version than the stream's.
    public sealed record VersionMismatch(long Actual) : LedgerOutcome;
    /// The subject has been erased; only a prohibition's keyed hash remains.
    public sealed record SubjectErased : LedgerOutcome;
}
