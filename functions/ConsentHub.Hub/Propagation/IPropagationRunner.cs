namespace ConsentHub.Hub.Propagation;

/// Runs one propagation task: delivers a recorded change to one target and records the outcome in the propagation's
/// own state. The propagation's own log counts the attempts, so the
/// driver's delivery count is not asked for. Safe to call again for the same task: a retry of a delivery that already
/// succeeded is a no-op. A transient result names when to retry (the propagation's retry policy decides).
/// PropagationRunner implements it; tests may supply another to script the host's side.
public interface IPropagationRunner
{
    Task<DeliveryResult> RunAsync(string tenant, string propagationId, string target, CancellationToken ct);
}
