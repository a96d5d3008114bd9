using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Requests;

/// GDPR art. 17: erasure by crypto-shredding (SubjectErasure), with an optional legal hold (ErasureHold) for what must outlive it.
public static class ErasureEndpoints
{
    internal static IEndpointRouteBuilder MapErasureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/v1/{tenant}/subjects/{subjectId}", Erase).WithTags("Requests").RequireScope(Scopes.Dsr);
        return app;
    }

    private static async Task<Results<Accepted<ErasureResponse>, ProblemHttpResult>> Erase(HttpContext http, string tenant, string subjectId, SubjectErasure erasure,
        TimeProvider clock, CancellationToken ct)
    {
        if (Ids.Problem(subjectId) is { } problem) return Problems.Validation("subjectId", problem);
        var (hold, holdProblem) = await ErasureHold.ReadAsync(http, clock.GetUtcNow());
        if (holdProblem is not null) return holdProblem;
        return await erasure.EraseAsync(tenant, subjectId, "erasure-request", hold, ct) switch
        {
            null => Problems.NotFound($"No subject '{subjectId}' in this tenant."),
            { HoldTooLate: true } => Problems.Conflict("subject-already-erased", "The subject is already erased: a legal hold can only be placed with the erasure itself."),
            { Response: { } erased } => TypedResults.Accepted((string?)null, erased),
            _ => throw new InvalidOperationException("An erasure answers a response or a refusal"),
        };
    }
}
