namespace ConsentHub.Hub.Projections.Views;

/// How many stored events a view feed could not apply since this instance started (each is logged): `/health`
/// reports them as degraded.
public sealed class ViewFaults
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);
}
