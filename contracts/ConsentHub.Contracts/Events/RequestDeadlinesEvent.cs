namespace ConsentHub.Contracts.Events;

// NB: stored format, see LedgerEvent.

/// <summary>An event in the request deadline job's own stream (<c>job-request-deadlines</c> of the reserved tenant
/// <c>admin</c>): what each run found and whom it told. Internal: never a CloudEvent.</summary>
public abstract record RequestDeadlinesEvent
{
    private protected RequestDeadlinesEvent() { }

    /// <summary>Request and time of the event.</summary>
    public abstract EventMeta Meta { get; init; }

    /// <summary>A run of the deadline job over every tenant.</summary>
    /// <param name="Trigger"><c>schedule</c>, <c>schedule-missed</c> (a day's run made up at start), <c>timer</c> or <c>operator</c>.</param>
    /// <param name="Day">The UTC day the run counts for (<c>yyyy-MM-dd</c>): a scheduled run happens once a day.</param>
    /// <param name="DueSoon">Open requests due within 7 days.</param>
    /// <param name="Overdue">Open requests past their deadline.</param>
    /// <param name="Mailed">Tenants whose privacy contact was sent the list.</param>
    /// <param name="NoContact">Tenants with requests to tell about but no <c>privacyContactEmail</c>.</param>
    /// <param name="Failed">Tenants whose message could not be sent.</param>
    /// <param name="Meta">Request and time; <c>Meta.At</c> is when the run started.</param>
    [EventType("request-deadlines.ran", 1)]
    public sealed record Ran(string Trigger, string Day, int DueSoon, int Overdue, int Mailed, int NoContact, int Failed, EventMeta Meta) : RequestDeadlinesEvent;
}
