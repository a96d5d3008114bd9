using ConsentHub.Contracts.Events;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Messages.Providers;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Requests;

/// Target `email`: tells the person that their request was extended, completed or refused (GDPR art. 12(3)–(4)),
/// in their language, with the reason, at the subject's current e-mail address: through the tenant's SendGrid where it
/// has an api key and a sender, else the outbox. A subject without an address is dead-lettered with the reason, so
/// the status route shows an operator that the person must be told another way; an erased subject is told nothing.
public sealed class RequestNoticeTarget(TenantService tenants, SendGridApi sendGrid, Outbox outbox, TimeProvider clock) : IPropagationTarget
{
    public const string Name = "email";

    public const string NoAddress = "the subject has no e-mail address: the person was not told of this change to their request; tell them another way";

    public bool Handles(string target) => target == Name;

    public bool MayCare(ChangeHead head) => typeof(RequestEvent).IsAssignableFrom(head.Event) && !head.Is<RequestEvent.Received>();

    public IEnumerable<string> TargetsFor(ChangeContext change) =>
        change.Request is { Change: not RequestEvent.Received, Erased: false } ? [Name] : [];

    public async Task<DeliveryResult> DeliverAsync(string target, ChangeContext change, string deliveryId, CancellationToken ct)
    {
        if (change.Request is not { } notice) return new DeliveryResult.Permanent("the change is not a request's");
        if (notice.Erased) return new DeliveryResult.Accepted("erased: nothing mailed");
        if (notice.Emails.Count == 0) return new DeliveryResult.Permanent(NoAddress);
        var settings = change.Catalog.Definition.Sendgrid;
        var apiKey = await tenants.OpenSecretAsync(change.Tenant, settings?.ApiKey, ct);
        foreach (var message in RequestNoticeMessages.For(change.Catalog.Definition, change.Stored.Stream.Key, notice))
        {
            var result = apiKey is null || settings?.FromEmail is null
                ? await ToOutboxAsync(change.Tenant, message, deliveryId, ct)
                : await sendGrid.SendAsync(apiKey, settings.FromEmail, change.Catalog.Definition.Name, message, deliveryId, ct);
            if (result is not DeliveryResult.Accepted) return result;
        }
        return new DeliveryResult.Accepted();
    }

    private async Task<DeliveryResult> ToOutboxAsync(string tenant, HubMessage m, string deliveryId, CancellationToken ct)
    {
        await outbox.AppendAsync("email.jsonl", new OutboxEmail(clock.GetUtcNow(), tenant, m.To, m.Subject, m.Text, m.Html, m.Headers, m.Kind, deliveryId), ct);
        return new DeliveryResult.Accepted("outbox");
    }
}
