namespace ConsentHub.Functions.Propagation;

/// Runs one propagation task: delivers a recorded change to one target and records the outcome in the propagation's
/// own state. Called by the Service Bus triggers on Azure; `deliveryCount` counts this task's attempts so far
/// (1 on the first). Safe to call again for the same task: a retry of a delivery that already succeeded is a no-op.
/// PropagationRunner implements it; tests may supply another to script the host's side.
public interface IPropagationRunner
{
    Task<DeliveryResult> RunAsync(string tenant, string propagationId, string target, int deliveryCount, CancellationToken ct);
}
