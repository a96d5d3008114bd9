using ConsentHub.Hub.Projections.Views;
using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Http;

public static class OperationsEndpoints
{
    public static IServiceCollection AddOperations(this IServiceCollection services) => services.AddSingleton<StoreHealthCache>();

    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        // A cheap answer for whoever probes the root (load balancers, a person trying the address).
        app.MapGet("/", () => TypedResults.Ok(new { service = "ConsentHub", health = "/health", openapi = "/api/v1/openapi.json" })).WithTags("Operations");
        app.MapGet("/health", Health).WithTags("Operations");
        app.MapGet("/api/v1/openapi.json", () =>
        {
            var stream = typeof(OperationsEndpoints).Assembly.GetManifestResourceStream("openapi.json")!;
            return TypedResults.Stream(stream, "application/json");
        }).WithTags("Operations");
        return app;
    }

    private static async Task<IResult> Health(IEventStore store, ViewFaults faults, StoreHealthCache health, CancellationToken ct)
    {
        if (await health.CurrentAsync(ct) is { Healthy: false } unhealthy)
            return TypedResults.Json(new HealthResponse("unhealthy", store.Kind, Detail: unhealthy.Detail),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        return faults.Count is > 0 and var skipped
            ? TypedResults.Ok(new HealthResponse("degraded", store.Kind, skipped, "Some stored events could not be applied to the views; the log names them."))
            : TypedResults.Ok(new HealthResponse("ok", store.Kind));
    }
}
