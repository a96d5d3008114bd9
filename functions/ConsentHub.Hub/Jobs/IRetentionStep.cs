namespace ConsentHub.Hub.Jobs;

/// One kind of personal data the retention run prunes when its period is over (the tenant's retention settings,
/// or a legal hold's date). The run calls every registered step in turn and records what each pruned under its
/// `Name`; a step that fails is logged and counted as failed, and the others still run.
public interface IRetentionStep
{
    /// The name its count is recorded under, e.g. `evidence`, `outbox`.
    string Name { get; }

    /// Prunes what is due at `now` in every tenant; answers how many items it pruned.
    Task<int> RunAsync(DateTimeOffset now, CancellationToken ct);
}
