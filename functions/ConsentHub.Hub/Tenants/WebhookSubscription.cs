using System.Collections.Immutable;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;

namespace ConsentHub.Hub.Tenants;

/// An active CRM subscription as the tenant registry keeps it; the secret stays sealed until a delivery signs with it.
public sealed record WebhookSubscription(string Id, string Url, ImmutableArray<string> Types, Sealed Secret, DateTimeOffset CreatedAt)
{
    public static WebhookSubscription From(TenantEvent.SubscriptionCreated created) =>
        new(created.SubscriptionId, created.Url, [.. created.Types], created.Secret, created.Meta.At);

    /// A subscription that names no types receives every type.
    public bool Covers(string cloudEventType) => Types.IsEmpty || Types.Contains(cloudEventType);

    public SubscriptionView View() => new(Id, Url, Types, CreatedAt);
}
