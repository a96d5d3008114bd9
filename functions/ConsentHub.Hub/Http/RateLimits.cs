using System.Globalization;
using System.Threading.RateLimiting;
using ConsentHub.Hub.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Http;

/// API.md "Auth", rate limits, with ASP.NET Core's rate limiter: anonymous routes (browser routes with a site key,
/// `/u/`, `/p/`, `/c/`) per client IP, API routes per api key, and failed authentications per IP. Over a limit the
/// answer is 429 problem+json with `Retry-After`.
public static class RateLimits
{
    private static readonly string[] LinkRoutes = ["/u", "/p", "/c"];

    public static IServiceCollection AddHubRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.IsValid, $"{RateLimitOptions.Section}: every PermitLimit and Window must be positive.").ValidateOnStart();
        services.AddSingleton<FailedAuthLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, limits.Value));
            options.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease);
        });
        return services;
    }

    /// After routing (the partition reads the endpoint) and before tenants are loaded or keys checked.
    public static IApplicationBuilder UseHubRateLimits(this IApplicationBuilder app) =>
        app.UseFailedAuthLimit().UseRateLimiter();

    public static RateLimitPartition<string> Window(string key, WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    public static string ClientIp(HttpContext http) => BrowserEvidence.Ip(http) ?? "unknown";

    public static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease)
    {
        var after = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.TooManyRequests(seconds).ExecuteAsync(http);
    }

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitOptions limits)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/api") && Bearer.Token(http.Request) is { } token)
            return Window("key:" + ApiKeys.Sha256(token), limits.ApiKey);
        if (http.GetEndpoint()?.Metadata.GetMetadata<SiteKeyAccess>() is not null || LinkRoutes.Any(r => path.StartsWithSegments(r)))
            return Window("ip:" + ClientIp(http), limits.Anonymous);
        return RateLimitPartition.GetNoLimiter("");
    }
}
