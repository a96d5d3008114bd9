using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Hub.Checks;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Messages.Providers;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Messages;

/// Target `sendgrid`: keeps the tenant's SendGrid unsubscribe groups in step with the ledger and sends the hub's own
/// e-mails. A direct-marketing prohibition on e-mail (or a processing restriction) suppresses the address in the
/// tenant's marketing groups and in its newsletters' groups, never as a global unsubscribe, so service notices and the
/// hub's own messages still arrive; a lift removes it from the groups nothing else holds it in. A newsletter's
/// unsubscribe suppresses its own group. Without an api key the same goes to the outbox. Changes that came from
/// SendGrid are not sent back.
public sealed class EmailTarget(IEnumerable<IChangeMessages> composers, PermissionChecks checks, TenantService tenants,
    SendGridApi sendGrid, Outbox outbox, TimeProvider clock) : IPropagationTarget
{
    public const string Name = "sendgrid";

    public bool Handles(string target) => target == Name;

    /// Its messages' changes, and those that may touch one of the tenant's groups (Groups, Unreachable). A change of
    /// contact points suppresses only what its stream prohibited before it, so the first event of a stream (a bulk
    /// import's new subject) has nothing to suppress.
    public bool MayCare(ChangeHead head) => composers.Any(c => c.MayCare(head)) || SendGridGroups.MayTouch(head)
        || (KeyWithoutGroups(head.Catalog) && SendGridGroups.MayBan(head));

    public IEnumerable<string> TargetsFor(ChangeContext change) =>
        change.Source != Name && (Messages(change).Any() || MayOperate(change) || Unreachable(change)) ? [Name] : [];

    /// A ban for a tenant whose definition (stored before marketing groups were required) has an api key but no
    /// marketing group: SendGrid cannot be told, and the task is there so the status route says so.
    private static bool Unreachable(ChangeContext change) => KeyWithoutGroups(change.Catalog) && change.Emails.Any() && SendGridGroups.Bans(change);

    /// The tenant has a SendGrid api key but no marketing group to put a ban in (Unreachable, and MayCare before it).
    private static bool KeyWithoutGroups(TenantCatalog catalog) => catalog.Definition.Sendgrid?.ApiKey is not null && SendGridGroups.Marketing(catalog).Count == 0;

    /// Whether SendGrid may have something to change. A change of contact points only suppresses (never lifts), and
    /// only what the changed stream itself prohibits: a contact point's own prohibition was sent with its own change.
    private static bool MayOperate(ChangeContext change) => Groups(change).Count > 0 && (change.Event is not LedgerEvent.ContactPointsChanged
        || change.Emails.Any(email => SendGridGroups.Suppresses(PermissionChecks.AsOf(change.Catalog, ObjectionScopes.DirectMarketing, Channels.Email, email, change.Party))));

    public async Task<DeliveryResult> DeliverAsync(string target, ChangeContext change, string deliveryId, CancellationToken ct)
    {
        var settings = change.Catalog.Definition.Sendgrid;
        var apiKey = await tenants.OpenSecretAsync(change.Tenant, settings?.ApiKey, ct);
        if (apiKey is not null && Unreachable(change))
            return new DeliveryResult.Permanent("the tenant has a SendGrid api key but no sendgrid.marketingGroupIds: the prohibition was not sent to SendGrid");
        // Erased before SendGrid heard of the ban: the address can no longer be opened, so it cannot be suppressed
        // now. Not done but dead-lettered, so the status shows that SendGrid needs it by hand.
        if (apiKey is not null && SendGridGroups.Bans(change) && !change.Emails.Any() && HadEmail(change))
            return new DeliveryResult.Permanent("the subject was erased before SendGrid was told of this prohibition: add the address to the marketing groups by hand");
        foreach (var operation in await OperationsAsync(change, ct))
        {
            var result = apiKey is null ? await ToOutboxAsync(change, operation, deliveryId, ct) : await ToSendGridAsync(apiKey, operation, ct);
            if (result is not DeliveryResult.Accepted) return result;
        }
        foreach (var message in Messages(change))
        {
            var result = apiKey is null || settings?.FromEmail is null
                ? await ToOutboxAsync(change, message, deliveryId, ct)
                : await sendGrid.SendAsync(apiKey, settings.FromEmail, change.Catalog.Definition.Name, message, deliveryId, ct);
            if (result is not DeliveryResult.Accepted) return result;
        }
        return new DeliveryResult.Accepted();
    }

    private static bool HadEmail(ChangeContext change) => change.Party.Emails.Count > 0 || change.Party.Identity is { Kind: "email" };

    private IEnumerable<HubMessage> Messages(ChangeContext change) => composers.SelectMany(c => c.For(change)).Where(m => m.Channel == "email");

    private static IReadOnlyList<SendGridGroup> Groups(ChangeContext change) => change.Emails.Any() ? SendGridGroups.Affected(change) : [];

    /// What SendGrid must hold now for each group the change touches, decided from the ledger as it is at delivery time
    /// (so retries converge): suppressed where the check for the group's purpose denies by a recorded statement.
    private async Task<List<SuppressionOperation>> OperationsAsync(ChangeContext change, CancellationToken ct)
    {
        var operations = new List<SuppressionOperation>();
        foreach (var group in Groups(change))
            foreach (var email in change.Emails)
            {
                var permission = await checks.CheckAsOfAsync(change.Tenant, change.Catalog, group.Purpose, Channels.Email, email, change.Stored.Stream, change.Party, ct);
                var suppress = SendGridGroups.Suppresses(permission, group);
                if (suppress) operations.Add(new SuppressionOperation("group-add", group.Id, email));
                else if (change.Event is not LedgerEvent.ContactPointsChanged) operations.Add(new SuppressionOperation("group-remove", group.Id, email));
            }
        return operations;
    }

    private Task<DeliveryResult> ToSendGridAsync(string apiKey, SuppressionOperation op, CancellationToken ct) => op.Action == "group-add"
        ? sendGrid.AddToGroupAsync(apiKey, op.Group, [op.Email], ct)
        : sendGrid.RemoveFromGroupAsync(apiKey, op.Group, op.Email, ct);

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

    private sealed record SuppressionOperation(string Action, long Group, string Email);
}
