using System.Globalization;
using ConsentHub.Hub.Security;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Http;

/// API.md "Auth", rate limits: anonymous routes (browser routes with a site key, `/u/`, `/p/`, `/c/`) per client IP,
/// API routes per api key, and failed authentications per IP. Over a limit the answer is 429 problem+json with
/// `Retry-After`. One middleware with lock-free counters (FixedWindows): every request passes here.
public static class RateLimits
{
    private static readonly string[] LinkRoutes = ["/u", "/p", "/c"];

    public static IServiceCollection AddHubRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.IsValid, $"{RateLimitOptions.Section}: every PermitLimit and Window must be positive.").ValidateOnStart();
        services.AddSingleton<FailedAuthLimiter>();
        services.AddSingleton<RequestLimiter>();
        return services;
    }

    /// After routing (the partition reads the endpoint) and before tenants are loaded or keys checked.
    public static IApplicationBuilder UseHubRateLimits(this IApplicationBuilder app)
    {
        var failures = app.ApplicationServices.GetRequiredService<FailedAuthLimiter>();
        var requests = app.ApplicationServices.GetRequiredService<RequestLimiter>();
        return app.Use((http, next) =>
        {
            var api = http.Request.Path.StartsWithSegments("/api");
            // An IP that failed too often is refused before any key is looked at, until the window turns.
            if (api && !failures.HasLeft(ClientIp(http), out var wait)) return RejectAsync(http, wait);
            if (!requests.TryTake(http, out wait)) return RejectAsync(http, wait);
            return api ? CountFailuresAsync(http, next, failures) : next(http);
        });
    }

    private static async Task CountFailuresAsync(HttpContext http, RequestDelegate next, FailedAuthLimiter failures)
    {
        await next(http);
        if (http.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden) failures.CountFailure(ClientIp(http));
    }

    public static string ClientIp(HttpContext http) => BrowserEvidence.Ip(http) ?? "unknown";

    public static Task RejectAsync(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.TooManyRequests(seconds).ExecuteAsync(http);
    }

    /// The request's budget: its api key's on the API, its IP's on the anonymous routes, none elsewhere.
    private sealed class RequestLimiter(IOptions<RateLimitOptions> options)
    {
        private readonly FixedWindows _perKey = new(options.Value.ApiKey);
        private readonly FixedWindows _perIp = new(options.Value.Anonymous);

        public bool TryTake(HttpContext http, out TimeSpan retryAfter)
        {
            retryAfter = TimeSpan.Zero;
            var path = http.Request.Path;
            if (path.StartsWithSegments("/api") && Bearer.Token(http.Request) is { } token)
                return _perKey.TryTake(ApiKeys.Sha256(token), 1, out retryAfter);
            if (http.GetEndpoint()?.Metadata.GetMetadata<SiteKeyAccess>() is not null || IsLinkRoute(path))
                return _perIp.TryTake(ClientIp(http), 1, out retryAfter);
            return true;
        }

        private static bool IsLinkRoute(PathString path)
        {
            foreach (var route in LinkRoutes)
                if (path.StartsWithSegments(route)) return true;
            return false;
        }
    }
}
