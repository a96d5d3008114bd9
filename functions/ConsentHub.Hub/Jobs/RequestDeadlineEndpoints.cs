using ConsentHub.Contracts.Api;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Jobs;

/// `POST /api/v1/admin/jobs/request-deadlines` (operator key): runs the deadline job now and answers its counts.
public static class RequestDeadlineEndpoints
{
    public static IEndpointRouteBuilder MapRequestDeadlineEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/admin/jobs/request-deadlines").WithTags("Admin").RequireOperator().MapPost("/", Run);
        return app;
    }

    private static async Task<Ok<RequestDeadlinesRunResponse>> Run(RequestDeadlinesJob job, CancellationToken ct) =>
        TypedResults.Ok((await job.RunAsync("operator", ct)).Response);
}
