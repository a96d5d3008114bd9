namespace ConsentHub.Hub.Subscriptions;

/// The CloudEvent types of API.md "Events for CRMs", each delivered by webhook and on the `preference-events` topic.
public static class CloudEventTypes
{
    public static readonly IReadOnlyList<string> All =
    [
        "consenthub.consent.granted.v1",
        "consenthub.consent.withdrawn.v1",
        "consenthub.objection.recorded.v1",
        "consenthub.objection.lifted.v1",
        "consenthub.newsletter.subscribed.v1",
        "consenthub.newsletter.confirmed.v1",
        "consenthub.newsletter.unsubscribed.v1",
        "consenthub.cookies.recorded.v1",
        "consenthub.restriction.changed.v1",
        "consenthub.contactpoints.changed.v1",
        "consenthub.subject.erased.v1",
    ];
}
