namespace ConsentHub.Hub.Propagation;

/// A place a change must reach (SendGrid, the SMS sender, a CRM webhook). One handler may
/// serve many targets (`webhook:{id}` for each subscription).
public interface IPropagationTarget
{
    /// The targets this handler has work for in a change; none when the change does not concern it.
    IEnumerable<string> TargetsFor(ChangeContext change);

    /// Whether a change of this kind could have work here, judged before the change is read (from its type, its
    /// version and the tenant's settings): false only where TargetsFor answers none for every such change. The log
    /// reader prepares no change that no handler may care about; PropagationMayCareTests holds every handler to it.
    bool MayCare(ChangeHead head);

    bool Handles(string target);

    /// Safe to call again with the same deliveryId: pass it to the provider as its idempotency key where it has one.
    Task<DeliveryResult> DeliverAsync(string target, ChangeContext change, string deliveryId, CancellationToken ct);
}

/// A delivery's outcome, classified so the propagation can choose between done, retry and dead-letter.
public abstract record DeliveryResult
{
    private DeliveryResult() { }

    public sealed record Accepted(string? ProviderRef = null) : DeliveryResult;
    /// 429, 5xx, timeouts: back off and retry, after `RetryAfter` when the provider named it.
    public sealed record Transient(string Why, TimeSpan? RetryAfter = null) : DeliveryResult;
    /// A 4xx that a retry cannot fix: dead-letter at once.
    public sealed record Permanent(string Why) : DeliveryResult;
}
