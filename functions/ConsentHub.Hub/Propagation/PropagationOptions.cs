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
    /// Tasks run at once. Each spends most of its time waiting (the store's group commit, the provider's answer), so a few
    /// at a time left a migration's backlog waiting on latency rather than on the cores; providers' limits are kept by
    /// their Retry-After answers.
    public int Parallelism { get; set; } = 16;

    public RetryPolicy Retry => new(MaxAttempts, BaseDelay, MaxDelay);
}
