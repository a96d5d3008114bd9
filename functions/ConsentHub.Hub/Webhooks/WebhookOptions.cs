using System.ComponentModel.DataAnnotations;

namespace ConsentHub.Hub.Webhooks;

/// `ConsentHub:Webhooks`: where CRM webhooks may point, and how inbound provider webhooks are checked.
public sealed class WebhookOptions
{
    public const string Section = "ConsentHub:Webhooks";

    /// Let subscriptions reach private, loopback, link-local, unique-local and CGNAT addresses (an on-premises CRM).
    public bool AllowPrivateNetworks { get; set; }

    /// Host names (or IP literals) whose addresses are not checked, e.g. `crm.intra.example.fi`.
    public string[] AllowedHosts { get; set; } = [];

    /// Refuse plain http. Unset: required in Production, not elsewhere.
    public bool? RequireHttps { get; set; }

    /// How long one delivery to a CRM may take before it counts as failed (and is retried).
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// How far a SendGrid signature's timestamp may be from the hub's clock, either way.
    [Range(1, 7 * 24 * 3600)]
    public int SendGridToleranceSeconds { get; set; } = 600;

    /// Active subscriptions a tenant may have.
    [Range(1, 1000)]
    public int MaxSubscriptionsPerTenant { get; set; } = 50;
}
