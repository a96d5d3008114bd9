using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Messages.Providers;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Messages;

/// Target `sms`: the hub's own text messages (opt-out confirmations) through Twilio, or the outbox without
/// credentials. Changes that came from Twilio (STOP/START, answered by TwiML there) are not sent back.
public sealed class SmsTarget(IEnumerable<IChangeMessages> composers, TenantService tenants, TwilioApi twilio, Outbox outbox, TimeProvider clock)
    : IPropagationTarget
{
    public const string Name = "sms";

    public bool Handles(string target) => target == Name;

    public bool MayCare(ChangeHead head) => composers.Any(c => c.MayCare(head));

    public IEnumerable<string> TargetsFor(ChangeContext change) => change.Source != "twilio" && Messages(change).Any() ? [Name] : [];

    public async Task<DeliveryResult> DeliverAsync(string target, ChangeContext change, string deliveryId, CancellationToken ct)
    {
        var settings = change.Catalog.Definition.Twilio;
        var token = await tenants.OpenSecretAsync(change.Tenant, settings?.AuthToken, ct);
        foreach (var message in Messages(change))
        {
            DeliveryResult result;
            if (token is null || settings?.AccountSid is null || settings.From is null)
            {
                await outbox.AppendAsync("sms.jsonl", new OutboxSms(clock.GetUtcNow(), change.Tenant, message.To, message.Text, message.Kind, deliveryId), ct);
                result = new DeliveryResult.Accepted("outbox");
            }
            else
            {
                result = await twilio.SendSmsAsync(settings.AccountSid, token, settings.From, message.To, message.Text, ct);
            }
            if (result is not DeliveryResult.Accepted) return result;
        }
        return new DeliveryResult.Accepted();
    }

    private IEnumerable<HubMessage> Messages(ChangeContext change) => composers.SelectMany(c => c.For(change)).Where(m => m.Channel == "sms");
}
