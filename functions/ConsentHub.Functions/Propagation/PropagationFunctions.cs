using ConsentHub.Hub.Propagation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace ConsentHub.Functions.Propagation;

/// The orchestrator and its activity as functions of the worker: thin wrappers over PropagationOrchestration and
/// PropagationAttempt, which a test host registers the same way.
public sealed class PropagationFunctions(PropagationAttempt attempt)
{
    [Function(PropagationOrchestration.Orchestrator)]
    public static Task<IReadOnlyDictionary<string, TargetProgress>> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        PropagationOrchestration.RunAsync(context, context.GetInput<PropagationOrder>()
            ?? throw new InvalidOperationException($"{PropagationOrchestration.Orchestrator} needs a {nameof(PropagationOrder)}"));

    [Function(PropagationOrchestration.Attempt)]
    public Task<AttemptResult?> Attempt([ActivityTrigger] PropagationTask task, FunctionContext context) =>
        attempt.RunAsync(task, context.CancellationToken);
}
