using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Propagation;

/// Which changes go by the priority lane: those that stop processing. A person who objects, unsubscribes, withdraws a
/// consent, asks for restriction or is erased must not keep receiving marketing while bulk work (a CRM migration's
/// contact points) drains, so their propagations are started and run ahead of it by both drivers (PropagationWorker's
/// priority loop on the self-hosted server, DurablePropagationDispatch in the Functions app). The one rule is here.
public static class PriorityChanges
{
    /// Whether a change of this event stops some processing.
    public static bool IsPriority(LedgerEvent? change) => change is LedgerEvent.ObjectionRecorded or LedgerEvent.NewsletterUnsubscribed
        or LedgerEvent.ConsentWithdrawn or LedgerEvent.RestrictionChanged { Restricted: true } or LedgerEvent.SubjectErased;

    /// The same rule on a committed record, decoding only the records whose type may be one.
    public static bool IsPriority(StoredEvent stored)
    {
        if (!(stored.Stream.IsSubject || stored.Stream.IsContact)) return false;
        var type = EventCodec.TypeOf(stored.Type);
        if (type is null || !Candidates.Contains(type)) return false;
        try
        {
            return IsPriority(EventCodec.Decode<LedgerEvent>(stored.Type, stored.Data));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            return false;   // unreadable: the log reader dead-letters it in its turn
        }
    }

    private static readonly HashSet<Type> Candidates =
    [
        typeof(LedgerEvent.ObjectionRecorded), typeof(LedgerEvent.NewsletterUnsubscribed), typeof(LedgerEvent.ConsentWithdrawn),
        typeof(LedgerEvent.RestrictionChanged), typeof(LedgerEvent.SubjectErased),
    ];
}
