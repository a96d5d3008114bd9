using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Propagation;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Propagation;

/// `GET /api/v1/{tenant}/propagations`: per recorded change, per target, how far the change got.
public static class PropagationEndpoints
{
    public static IEndpointRouteBuilder MapPropagationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/{tenant}/propagations", List).WithTags("Propagation").RequireScope(Scopes.ConsentRead);
        return app;
    }

    private static async Task<Results<Ok<PropagationsResponse>, ProblemHttpResult>> List(string tenant, string? subjectId, string? status, string? limit, PropagationViews propagations, CancellationToken ct)
    {
        if (subjectId is not null && Ids.Problem(subjectId) is { } problem) return Problems.Validation("subjectId", problem);
        if (status is not null && status is not (TargetStatus.Pending or TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.DeadLettered))
            return Problems.Validation("status", "must be pending, succeeded, failed or dead-lettered");
        var (max, limitProblem) = Cursors.Limit(limit, 100, 1000);
        if (limitProblem is not null) return limitProblem;
        var items = (await propagations.ListAsync(tenant, ct))
            .Where(p => subjectId is null || p.SubjectId == subjectId)
            .Where(p => status is null || p.Targets.Any(t => t.Status == status))
            .OrderByDescending(p => p.StartedAt).ThenBy(p => p.Id, StringComparer.Ordinal).Take(max)
            .ToList();
        return TypedResults.Ok(new PropagationsResponse(items));
    }
}
