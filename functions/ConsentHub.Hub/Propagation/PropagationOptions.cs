using ConsentHub.Domain.Propagation;

namespace ConsentHub.Hub.Propagation;

/// `ConsentHub:Propagation:*`: how hard and how often the hub tries to reach the targets.
public sealed class PropagationOptions
{
    public const string Section = "ConsentHub:Propagation";

    public bool Enabled { get; set; } = true;
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    public int Parallelism { get; set; } = 4;

    public RetryPolicy Retry => new(MaxAttempts, BaseDelay, MaxDelay);
}
