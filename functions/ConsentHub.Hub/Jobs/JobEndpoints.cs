using ConsentHub.Contracts.Api;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Jobs;

/// Operator routes of the scheduled jobs: run retention now, and read what the latest runs did.
public static class JobEndpoints
{
    private const int RunsShown = 30;

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/v1/admin/jobs").WithTags("Admin").RequireOperator();
        jobs.MapPost("/retention", RunRetention);
        jobs.MapGet("/retention", ListRetention);
        return app;
    }

    private static async Task<IResult> RunRetention(RetentionJob job, CancellationToken ct) =>
        TypedResults.Ok(RetentionRunResponse.Of(await job.RunAsync("operator", ct)));

    private static async Task<IResult> ListRetention(RetentionRuns runs, CancellationToken ct) =>
        TypedResults.Ok(new RetentionRunsResponse([.. (await runs.ReadAsync(ct)).AsEnumerable().Reverse().Take(RunsShown).Select(RetentionRunResponse.Of)]));
}
