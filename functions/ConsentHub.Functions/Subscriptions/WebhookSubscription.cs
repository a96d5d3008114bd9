using System.Collections.Immutable;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;

namespace ConsentHub.Functions.Subscriptions;

/// An active CRM subscription as the tenant registry keeps it; the secret stays sealed until a delivery signs with it.
public sealed record WebhookSubscription(string Id, string Url, ImmutableArray<string> Types, Sealed Secret, DateTimeOffset CreatedAt)
{
    public static WebhookSubscription From(TenantEvent.SubscriptionCreated created) =>
        new(created.SubscriptionId, created.Url, [.. created.Types], created.Secret, created.Meta.At);

    /// A subscription that names no types receives every type.
    public bool Covers(string cloudEventType) => Types.IsEmpty || Types.Contains(cloudEventType);

    public SubscriptionView View() => new(Id, Url, Types, CreatedAt);
}

/// The CloudEvent types of API.md "Events for CRMs". A subscription may name one the hub does not emit yet.
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
