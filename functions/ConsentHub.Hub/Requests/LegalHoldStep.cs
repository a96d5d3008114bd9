using ConsentHub.Hub.Jobs;

namespace ConsentHub.Hub.Requests;

/// The retention run's step for legal holds: what an erasure kept is shredded once the hold's date has passed.
public sealed class LegalHoldStep(LegalHolds holds) : IRetentionStep
{
    public string Name => "legal-holds";

    public Task<int> RunAsync(DateTimeOffset now, CancellationToken ct) => holds.ShredDueAsync(now, ct);
}
