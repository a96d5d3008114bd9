using System.Collections.Immutable;
using System.Diagnostics;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Domain.Banner;

/// A visitor's stream folded: the latest cookie choice (the receipt) and the subject it is linked to.
public sealed record VisitorState
{
    public static readonly VisitorState Initial = new();

    public long Version { get; init; }
    public ImmutableDictionary<string, RequestRecord> Requests { get; init; } = ImmutableDictionary<string, RequestRecord>.Empty;
    public VisitorEvent.CookiesRecorded? Choice { get; init; }
    /// The stream version of the latest choice (its receipt is the event id at that version).
    public long ChoiceVersion { get; init; }
    public string? SubjectId { get; init; }
}

public abstract record VisitorCommand
{
    private VisitorCommand() { }
    public abstract EventMeta Meta { get; init; }

    public sealed record RecordChoice(VisitorEvent.CookiesRecorded Choice, EventMeta Meta) : VisitorCommand;

    public sealed record Link(string SubjectId, EventMeta Meta) : VisitorCommand;
}

public static class VisitorDecider
{
    // Every choice is recorded (a repeated choice is a new receipt); only a replay of the same request writes nothing.
    public static (LedgerOutcome Outcome, VisitorEvent[] Events) Decide(VisitorCommand command, VisitorState state)
    {
        if (state.Requests.TryGetValue(command.Meta.RequestId, out var first))
            return first.RequestHash == command.Meta.RequestHash ? (new LedgerOutcome.Replayed(first), []) : (new LedgerOutcome.KeyReused(), []);
        return command switch
        {
            VisitorCommand.RecordChoice c => (new LedgerOutcome.Recorded(), [c.Choice with { Meta = c.Meta }]),
            // Linking again to the same subject changes nothing: answer as recorded, write nothing.
            VisitorCommand.Link l when state.SubjectId == l.SubjectId => (new LedgerOutcome.Recorded(), []),
            VisitorCommand.Link l => (new LedgerOutcome.Recorded(), [new VisitorEvent.Linked(l.SubjectId, l.Meta)]),
            _ => throw new UnreachableException($"Unhandled {command.GetType().Name}"),
        };
    }

    public static VisitorState Evolve(VisitorState s, VisitorEvent e)
    {
        var version = s.Version + 1;
        var next = e switch
        {
            VisitorEvent.CookiesRecorded c => s with { Choice = c, ChoiceVersion = version },
            VisitorEvent.Linked l => s with { SubjectId = l.SubjectId },
            _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
        };
        return next with { Version = version, Requests = RequestRecord.Remember(s.Requests, e.Meta, s.Version) };
    }
}
