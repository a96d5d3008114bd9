using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Http;

/// Failed authentications per client IP: every 401 or 403 answer on `/api` takes a permit; once an IP has none
/// left its API requests are answered 429 before any key is looked at, until the window turns.
public sealed class FailedAuthLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures =
        PartitionedRateLimiter.Create<string, string>(ip => RateLimits.Window(ip, options.Value.FailedAuth));

    /// A lease that is not acquired when the IP has no failures left (asking for 0 permits takes none).
    public RateLimitLease Check(string ip) => _failures.AttemptAcquire(ip, 0);

    public void CountFailure(string ip) => _failures.AttemptAcquire(ip).Dispose();

    public void Dispose() => _failures.Dispose();
}

public static class FailedAuthLimits
{
    public static IApplicationBuilder UseFailedAuthLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api"))
            {
                await next(http);
                return;
            }
            var limiter = http.RequestServices.GetRequiredService<FailedAuthLimiter>();
            var ip = RateLimits.ClientIp(http);
            using (var lease = limiter.Check(ip))
                if (!lease.IsAcquired)
                {
                    await RateLimits.RejectAsync(http, lease);
                    return;
                }
            await next(http);
            if (http.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden) limiter.CountFailure(ip);
        });
}
