using ConsentHub.Functions.Durable;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ConsentHub.Functions.Http;

/// Every HTTP route of the hub: one anonymous catch-all function (host.json empties the `api` route prefix, so the
/// paths are API.md's own) that runs the hub's pipeline. The hub checks its callers itself (api keys, the operator
/// key, signed webhooks), so the host's function keys would only be in the way.
public sealed class HubHttpFunction(HubHttpPipeline pipeline, DurableClientAccessor durable)
{
    public const string Name = "Api";

    [Function(Name)]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        durable.Client = client;   // a write's start of its propagation finds the client here
        await pipeline.RunAsync(request.HttpContext);
        // The hub's pipeline has written the whole answer (status, headers, body). The integration executes the IResult a
        // function returns on the same HttpContext (FunctionsHttpProxyingMiddleware); an empty one adds nothing to the
        // answer and tells it the function did answer (returning null would be logged as "no HTTP response returned").
        return Results.Empty;
    }
}
