using ConsentHub.Hub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ConsentHub.Functions.Http;

/// The hub's own request pipeline (HubApp.UseHubPipeline: request log, problem answers, rate limits, routing and every
/// endpoint of the HTTP contract), built once over the worker's services. The worker's ASP.NET Core integration runs a
/// fixed pipeline of its own that only routes a request to a function, so the catch-all function runs this second one.
public sealed class HubHttpPipeline(IServiceProvider services)
{
    private readonly Lazy<RequestDelegate> _pipeline = new(() => new ApplicationBuilder(services).UseHubPipeline().Build());

    public Task RunAsync(HttpContext http)
    {
        // The worker has already routed the request to the catch-all function: its endpoint stays set and its route
        // values hold `path`, and endpoint routing skips a request whose endpoint is set. Cleared, the hub's routing
        // matches the request afresh, and its endpoints see only their own route values.
        http.SetEndpoint(null);
        http.Request.RouteValues.Clear();
        return _pipeline.Value(http);
    }
}
