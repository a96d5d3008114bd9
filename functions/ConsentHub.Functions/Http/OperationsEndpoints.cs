using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Functions.Http;

public static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        // The Functions host polls GET / until the handler answers: keep it instant.
        app.MapGet("/", () => TypedResults.Ok(new { service = "ConsentHub", health = "/health", openapi = "/api/v1/openapi.json" })).WithTags("Operations");
        app.MapGet("/health", (IEventStore store) => TypedResults.Ok(new HealthResponse("ok", store.Kind))).WithTags("Operations");
        app.MapGet("/api/v1/openapi.json", () =>
        {
            var stream = typeof(OperationsEndpoints).Assembly.GetManifestResourceStream("openapi.json")!;
            return TypedResults.Stream(stream, "application/json");
        }).WithTags("Operations");
        return app;
    }
}
