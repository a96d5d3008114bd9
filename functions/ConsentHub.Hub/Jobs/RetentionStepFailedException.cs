namespace ConsentHub.Hub.Jobs;

/// A step that went through every tenant but failed in some: what it pruned in the others, and where it failed (each
/// failure logged by the step). The run records both and goes on with the next step.
public sealed class RetentionStepFailedException(int pruned, IReadOnlyList<string> tenants)
    : Exception($"Retention failed for tenant(s) {string.Join(", ", tenants)}")
{
    public int Pruned { get; } = pruned;
    public IReadOnlyList<string> Tenants { get; } = tenants;
}
