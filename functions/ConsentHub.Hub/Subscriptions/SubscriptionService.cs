using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Tenants;
using ConsentHub.Hub.Webhooks;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Subscriptions;

/// The outcome of a subscription write; a created one carries its secret in clear, for the one answer that shows it.
public sealed record SubscriptionWrite(TenantOutcome Outcome, WebhookSubscription? Subscription = null, string? Secret = null);

/// Writes CRM subscriptions to the tenant's own stream; the secret is sealed with that stream's key.
public sealed class SubscriptionService(IEventStore store, ITenantSource source, Sealer sealer, IOptions<WebhookOptions> options, TimeProvider clock)
{
    private readonly DeciderRunner<TenantEvent, TenantState> _runner = new(store, TenantState.Initial, TenantDecider.Evolve, TenantStateCodec.Instance);

    public async Task<SubscriptionWrite> CreateAsync(string tenant, string url, IReadOnlyList<string> types, string requestId, string requestHash, CancellationToken ct)
    {
        var stream = StreamId.TenantOf(tenant);
        var seal = await sealer.ForOwnStreamAsync(stream, ct);
        var secret = StandardWebhooks.NewSecret();
        var meta = new EventMeta(requestId, requestHash, clock.GetUtcNow());
        var created = new TenantEvent.SubscriptionCreated(StandardWebhooks.NewSubscriptionId(), url, new(types), seal(secret)!.Value, meta);
        var outcome = await TransactAsync(stream, new TenantCommand.CreateSubscription(created, options.Value.MaxSubscriptionsPerTenant, meta), ct);
        return outcome switch
        {
            TenantOutcome.Done => new(outcome, WebhookSubscription.From(created), secret),
            TenantOutcome.Replayed => await FirstAnswerAsync(outcome, stream, requestId, ct),
            _ => new(outcome),
        };
    }

    public async Task<SubscriptionWrite> EndAsync(string tenant, string subscriptionId, string requestId, string requestHash, CancellationToken ct) =>
        new(await TransactAsync(StreamId.TenantOf(tenant), new TenantCommand.EndSubscription(subscriptionId, new EventMeta(requestId, requestHash, clock.GetUtcNow())), ct));

    /// A replayed request answers what it answered the first time, secret included.
    private async Task<SubscriptionWrite> FirstAnswerAsync(TenantOutcome outcome, StreamId stream, string requestId, CancellationToken ct)
    {
        var created = (await store.ReadStreamAsync(stream, ct)).Events
            .Select(e => EventCodec.Decode<TenantEvent>(e.Type, e.Data))
            .OfType<TenantEvent.SubscriptionCreated>()
            .Single(e => e.Meta.RequestId == requestId);
        var open = await sealer.OpenerAsync(stream, ct);
        return new(outcome, WebhookSubscription.From(created), open(created.Secret));
    }

    private async Task<TenantOutcome> TransactAsync(StreamId stream, TenantCommand command, CancellationToken ct)
    {
        var written = await _runner.TransactAsync(stream, s => TenantDecider.Decide(command, s), e => e.Meta, ct);
        // The registry is read from the tenant's stream: read it now, so this instance's next change is carried to the
        // new subscription (and no longer to an ended one).
        if (written.Result is TenantOutcome.Done) await source.RereadAsync(stream.Tenant, ct);
        return written.Result;
    }
}
