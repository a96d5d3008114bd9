using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Hub.Checks;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Messages.Providers;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Messages;

/// Target `sendgrid`: keeps the tenant's SendGrid suppressions in step with the ledger (global unsubscribes for a
/// direct-marketing prohibition on e-mail, unsubscribe-group suppressions for newsletters) and sends the hub's own
/// e-mails. Without an api key it writes the same to the outbox. Changes that came from SendGrid are not sent back.
public sealed class EmailTarget(IEnumerable<IChangeMessages> composers, PermissionChecks checks, TenantService tenants,
    SendGridClient sendGrid, Outbox outbox, TimeProvider clock) : IPropagationTarget
{
    public const string Name = "sendgrid";

    public bool Handles(string target) => target == Name;

    public IEnumerable<string> TargetsFor(ChangeContext change) =>
        change.Source != Name && (Messages(change).Any() || MayOperate(change)) ? [Name] : [];

    /// Whether SendGrid may have something to change. A change of contact points only suppresses (never lifts), and
    /// only what the changed stream itself prohibits: a contact point's own prohibition was sent with its own change.
    private static bool MayOperate(ChangeContext change) => Affects(change) && (change.Event is not LedgerEvent.ContactPointsChanged
        || change.Emails.Any(email => Suppresses(PermissionChecks.AsOf(change.Catalog, ObjectionScopes.DirectMarketing, Channels.Email, email, change.Party))));

    private static bool Suppresses(Permission permission) => permission.Reason is Reasons.DirectMarketingProhibited or Reasons.ProcessingRestricted;

    public async Task<DeliveryResult> DeliverAsync(string target, ChangeContext change, string deliveryId, CancellationToken ct)
    {
        var settings = change.Catalog.Definition.Sendgrid;
        var apiKey = await tenants.OpenSecretAsync(change.Tenant, settings?.ApiKey, ct);
        foreach (var operation in await OperationsAsync(change, ct))
        {
            var result = apiKey is null ? await ToOutboxAsync(change, operation, deliveryId, ct) : await ToSendGridAsync(apiKey, operation, ct);
            if (result is not DeliveryResult.Accepted) return result;
        }
        foreach (var message in Messages(change))
        {
            var result = apiKey is null || settings?.FromEmail is null
                ? await ToOutboxAsync(change, message, deliveryId, ct)
                : await sendGrid.SendMailAsync(apiKey, settings.FromEmail, change.Catalog.Definition.Name, message, deliveryId, ct);
            if (result is not DeliveryResult.Accepted) return result;
        }
        return new DeliveryResult.Accepted();
    }

    private IEnumerable<HubMessage> Messages(ChangeContext change) => composers.SelectMany(c => c.For(change)).Where(m => m.Channel == "email");

    private static bool Affects(ChangeContext change) => change.Emails.Any() && change.Event switch
    {
        LedgerEvent.ObjectionRecorded or LedgerEvent.ObjectionLifted or LedgerEvent.RestrictionChanged or LedgerEvent.ContactPointsChanged => true,
        LedgerEvent.NewsletterUnsubscribed or LedgerEvent.NewsletterConfirmed or LedgerEvent.NewsletterSubscribed => GroupOf(change) is not null,
        _ => false,
    };

    private static long? GroupOf(ChangeContext change) => change.Event switch
    {
        LedgerEvent.NewsletterUnsubscribed u => change.Catalog.Newsletter(u.ListId)?.SendgridGroupId,
        LedgerEvent.NewsletterConfirmed c => change.Catalog.Newsletter(c.ListId)?.SendgridGroupId,
        LedgerEvent.NewsletterSubscribed { Confirmed: true } s => change.Catalog.Newsletter(s.ListId)?.SendgridGroupId,
        _ => null,
    };

    /// What SendGrid must hold now, decided from the ledger as it is at delivery time (so retries converge).
    private async Task<List<SuppressionOperation>> OperationsAsync(ChangeContext change, CancellationToken ct)
    {
        var operations = new List<SuppressionOperation>();
        if (!Affects(change)) return operations;
        if (GroupOf(change) is { } group)
        {
            var add = change.Event is LedgerEvent.NewsletterUnsubscribed;
            operations.AddRange(change.Emails.Select(email => new SuppressionOperation(add ? "group-add" : "group-remove", group, email)));
            return operations;
        }
        foreach (var email in change.Emails)
        {
            var permission = await checks.CheckAsOfAsync(change.Tenant, change.Catalog, ObjectionScopes.DirectMarketing, Channels.Email, email, change.Stored.Stream, change.Party, ct);
            var suppress = Suppresses(permission);
            if (suppress) operations.Add(new SuppressionOperation("global-add", null, email));
            else if (change.Event is not LedgerEvent.ContactPointsChanged) operations.Add(new SuppressionOperation("global-remove", null, email));
        }
        return operations;
    }

    private Task<DeliveryResult> ToSendGridAsync(string apiKey, SuppressionOperation op, CancellationToken ct) => op.Action switch
    {
        "global-add" => sendGrid.AddGlobalUnsubscribesAsync(apiKey, [op.Email], ct),
        "global-remove" => sendGrid.RemoveGlobalUnsubscribeAsync(apiKey, op.Email, ct),
        "group-add" => sendGrid.AddGroupSuppressionsAsync(apiKey, op.Group!.Value, [op.Email], ct),
        _ => sendGrid.RemoveGroupSuppressionAsync(apiKey, op.Group!.Value, op.Email, ct),
    };

    private async Task<DeliveryResult> ToOutboxAsync(ChangeContext change, SuppressionOperation op, string deliveryId, CancellationToken ct)
    {
        await outbox.AppendAsync("sendgrid.jsonl", new OutboxSuppression(clock.GetUtcNow(), change.Tenant, op.Action, op.Group, [op.Email], deliveryId), ct);
        return new DeliveryResult.Accepted("outbox");
    }

    private async Task<DeliveryResult> ToOutboxAsync(ChangeContext change, HubMessage m, string deliveryId, CancellationToken ct)
    {
        await outbox.AppendAsync("email.jsonl", new OutboxEmail(clock.GetUtcNow(), change.Tenant, m.To, m.Subject, m.Text, m.Html, m.Headers, m.Kind, deliveryId), ct);
        return new DeliveryResult.Accepted("outbox");
    }

    private sealed record SuppressionOperation(string Action, long? Group, string Email);
}
