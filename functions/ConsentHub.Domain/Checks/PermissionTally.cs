namespace ConsentHub.Domain.Checks;

/// What the decision table asks of a recipient's states, gathered one statement at a time (PermissionQuestion's
/// Tally methods): the states may come as PartyState objects or straight from the party index's compact bytes, and
/// either way meet the same table. Only the question writes it.
public record struct PermissionTally
{
    internal bool Restricted, DirectMarketing, Erased;
    internal int Scope;                 // the first covering scope found, in the table's order (the count when none)
    internal int States;                // states begun so far: the place of a consent, for ties
    internal DateTimeOffset? Confirmed, Unsubscribed;
    internal bool HasConsent, Granted;
    internal DateTimeOffset ConsentSince;
    internal int ConsentAt;
}
