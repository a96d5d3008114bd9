using Microsoft.DurableTask.Client;

namespace ConsentHub.Functions.Durable;

/// The `DurableTaskClient` reaches the worker's code only through the `[DurableClient]` binding of the function being
/// invoked. Each function that may start an orchestration (the HTTP catch-all, the timers) hands its client here
/// first, so the hub's code it calls (a write's start of its propagation, the change-feed sweep) finds it. Scoped to
/// the invocation's async flow, like IHttpContextAccessor.
public sealed class DurableClientAccessor
{
    private static readonly AsyncLocal<DurableTaskClient?> Current = new();

    public DurableTaskClient? Client
    {
        get => Current.Value;
        set => Current.Value = value;
    }
}
