using Microsoft.Extensions.Logging;
using ConsentHub.Functions.Durable;
using ConsentHub.Hub.Propagation;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ConsentHub.Functions.Propagation;

/// The Functions app's driver: each propagation the starter records becomes one orchestration, with the instance id
/// of its tenant and change. Starting is idempotent: the instance is looked up first and scheduled only when there is
/// none, because a start with the id of a completed instance would run it again (Durable's default
/// overridableExistingInstanceStates). The client comes from the function being invoked (DurableClientAccessor);
/// without one, or when Durable does not answer, it throws PropagationDispatchException: the write path logs it and
/// leaves the change to the sweep, and the sweep reads the page again at its next tick.
/// Priority lane: Durable runs activities first in, first out, with no priority (azure-functions-durable-extension
/// issue 1067), so an opt-out's orchestration would wait behind every activity a bulk import queued. A priority
/// propagation's first attempt at each target is therefore made here, in the flow that started it, before its
/// orchestration is scheduled; the orchestration then finds finished targets finished and retries the others on its
/// timers. A crash in between leaves no instance, and the change-feed sweep starts it (again through here).
public sealed class DurablePropagationDispatch(DurableClientAccessor accessor, ILogger<DurablePropagationDispatch> logger,
    PropagationRunner? runner = null) : IPropagationDispatch
{
    public async Task EnqueueAsync(IReadOnlyList<PropagationTask> tasks, DateTimeOffset dueAt, CancellationToken ct)
    {
        foreach (var propagation in tasks.GroupBy(t => (t.Tenant, t.PropagationId)))
        {
            var (tenant, propagationId) = propagation.Key;
            if (accessor.Client is not { } client)
                throw new PropagationDispatchException($"No Durable client in this flow to start {propagationId} of {tenant}: the function that runs it must hand its [DurableClient] to DurableClientAccessor");
            var id = PropagationOrchestration.InstanceId(tenant, propagationId);
            var order = new PropagationOrder(tenant, propagationId, [.. propagation.Select(t => t.Target).Distinct().Order(StringComparer.Ordinal)]);
            try
            {
                if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, ct) is not null) continue;
                if (runner is not null && propagation.Any(t => t.Priority)) await FirstAttemptsAsync(runner, propagation, ct);
                await client.ScheduleNewOrchestrationInstanceAsync(PropagationOrchestration.Orchestrator, order, new StartOrchestrationOptions(id), ct);
                logger.LogInformation("Propagation {Propagation} of {Tenant} started as orchestration {Instance}", propagationId, tenant, id);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Two starts of one change at once (the write path and the sweep): the one that lost finds the winner's instance.
                if (await ExistsAsync(client, id, ct)) continue;
                throw new PropagationDispatchException($"Durable did not start {propagationId} of {tenant}: {ex.Message}", ex);
            }
        }
    }

    private async Task FirstAttemptsAsync(PropagationRunner runner, IEnumerable<PropagationTask> tasks, CancellationToken ct) =>
        await Task.WhenAll(tasks.DistinctBy(t => t.Target).Select(async task =>
        {
            try
            {
                await runner.ExecuteAsync(task, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // The orchestration makes the attempt again: the runner records each attempt, so none is lost or doubled.
                logger.LogWarning("The first attempt at {Target} of priority propagation {Propagation} failed here; the orchestration makes it: {Message}",
                    task.Target, task.PropagationId, ex.Message);
            }
        }));

    private static async Task<bool> ExistsAsync(DurableTaskClient client, string id, CancellationToken ct)
    {
        try
        {
            return await client.GetInstanceAsync(id, getInputsAndOutputs: false, ct) is not null;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
