using ConsentHub.Contracts.Events;

namespace ConsentHub.Contracts.Api;

/// <summary>One retention run: when, why, and each step's count.</summary>
/// <param name="RanAt">When the run started; what it pruned was due at this time.</param>
/// <param name="Trigger"><c>schedule</c>, <c>timer</c> or <c>operator</c>.</param>
/// <param name="Steps">Each step's name, how many items it pruned and where it failed.</param>
/// <param name="Pruned">The steps' counts added up.</param>
public sealed record RetentionRunResponse(DateTimeOffset RanAt, string Trigger, IReadOnlyList<RetentionStepCount> Steps, int Pruned)
{
    /// <summary>The answer for a recorded run.</summary>
    public static RetentionRunResponse Of(JobEvent.RetentionRan run) => new(run.Meta.At, run.Trigger, [.. run.Steps], run.Steps.Sum(s => s.Pruned));
}

/// <summary>Body of <c>GET /api/v1/admin/jobs/retention</c>: the latest runs, newest first.</summary>
public sealed record RetentionRunsResponse(IReadOnlyList<RetentionRunResponse> Runs);
