using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Subscriptions;

/// Pushes a change's CloudEvent to each CRM subscription of its tenant that wants its type (target `webhook:{id}`):
/// structured mode, signed per Standard Webhooks, with `webhook-id` = the delivery id so a CRM can drop repeats.
public sealed class WebhookTarget(TenantRegistry tenants, Sealer sealer, IHttpClientFactory clients, TimeProvider clock) : IPropagationTarget
{
    public const string ClientName = "consenthub-webhooks";
    public const string Prefix = "webhook:";

    public IEnumerable<string> TargetsFor(ChangeContext change) =>
        change.CloudEvent is { } cloudEvent
            ? [.. tenants.Subscriptions(change.Tenant).Where(s => s.Covers(cloudEvent.Type) || Received(s, change)).Select(s => Prefix + s.Id)]
            : [];

    /// GDPR art. 19: a correction of contact points goes to every CRM that received the subject's data before, also one
    /// whose subscription does not name `contactpoints.changed`: it was sent a change of the subject after it subscribed.
    private static bool Received(WebhookSubscription subscription, ChangeContext change) =>
        change.Earlier is { } earlier && earlier.Any(e => e.At >= subscription.CreatedAt && subscription.Covers(e.Type));

    public bool MayCare(ChangeHead head) => Feed.EventViews.WithCloudEvent.Contains(head.Event) && tenants.Subscriptions(head.Tenant).Any();

    public bool Handles(string target) => target.StartsWith(Prefix, StringComparison.Ordinal);

    public async Task<DeliveryResult> DeliverAsync(string target, ChangeContext change, string deliveryId, CancellationToken ct)
    {
        // Ended since the change was recorded: the CRM asked for nothing more, so the task is done, not failed.
        if (tenants.Subscription(change.Tenant, target[Prefix.Length..]) is not { } subscription)
            return new DeliveryResult.Accepted("subscription-ended");
        if (change.CloudEvent is null) return new DeliveryResult.Accepted("no-cloudevent");   // nothing CRMs receive
        var secret = (await sealer.OpenerAsync(StreamId.TenantOf(change.Tenant), ct))(subscription.Secret)
            ?? throw new InvalidOperationException($"The secret of {target} cannot be opened");

        var body = JsonSerializer.SerializeToUtf8Bytes(change.CloudEvent, Json.Options);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json") { CharSet = "utf-8" };
        request.Headers.Add("webhook-id", deliveryId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardWebhooks.Sign(secret, deliveryId, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ConsentHub-Webhooks", "1"));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return Classify(response);
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookAddressRefusedException refused)
        {
            return new DeliveryResult.Permanent(refused.Message);
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryResult.Transient($"connection failed: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DeliveryResult.Transient("timed out");
        }
    }

    private DeliveryResult Classify(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var what = $"HTTP {status}";
        if (response.IsSuccessStatusCode) return new DeliveryResult.Accepted(what);
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500)
            return new DeliveryResult.Transient(what, RetryAfter(response));
        // Redirects are not followed (a redirect could lead past the address policy); other 4xx will not heal by retrying.
        return new DeliveryResult.Permanent(what);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => RetryAfterHeader.Wait(response.Headers.RetryAfter, clock);
}
