using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Propagation;

/// Which changes go by the priority lane: those that stop processing. A person who objects, unsubscribes, withdraws a
/// consent, asks for restriction or is erased must not keep receiving marketing while bulk work (a CRM migration's
/// contact points) drains, so their propagations are started and run ahead of it by both drivers (PropagationWorker's
/// priority loop on the self-hosted server, DurablePropagationDispatch in the Functions app). The one rule is here.
public static class PriorityChanges
{
    /// The one table: each event type that may stop processing, with its test (a restriction only when it is imposed).
    private static readonly Dictionary<Type, Func<LedgerEvent, bool>> Rules = new()
    {
        [typeof(LedgerEvent.ObjectionRecorded)] = _ => true,
        [typeof(LedgerEvent.NewsletterUnsubscribed)] = _ => true,
        [typeof(LedgerEvent.ConsentWithdrawn)] = _ => true,
        [typeof(LedgerEvent.RestrictionChanged)] = e => e is LedgerEvent.RestrictionChanged { Restricted: true },
        [typeof(LedgerEvent.SubjectErased)] = _ => true,
    };

    /// Whether a change of this event stops some processing.
    public static bool IsPriority(LedgerEvent? change) => change is not null && Rules.TryGetValue(change.GetType(), out var rule) && rule(change);

    /// The same rule on a committed record, decoding only the records whose type may be one.
    public static bool IsPriority(StoredEvent stored)
    {
        if (!(stored.Stream.IsSubject || stored.Stream.IsContact)) return false;
        var type = EventCodec.TypeOf(stored.Type);
        if (type is null || !Rules.ContainsKey(type)) return false;
        try
        {
            return IsPriority(EventCodec.Decode<LedgerEvent>(stored.Type, stored.Data));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            return false;   // unreadable: the log reader dead-letters it in its turn
        }
    }
}

