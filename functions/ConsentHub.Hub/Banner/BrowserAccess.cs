using ConsentHub.Hub.Http;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Banner;

/// API.md "Auth", browser routes: the tenant's public site key (`k=` or `X-Site-Key`) and an `Origin` among the
/// tenant's allowedOrigins. CORS answers only those origins, per tenant.
public static class BrowserAccess
{
    public const string CorsPolicy = "tenant-origins";

    public static RouteHandlerBuilder RequireSiteKey(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) => Check(context.HttpContext) ?? await next(context))
            .RequireCors(CorsPolicy).WithMetadata(new SiteKeyAccess());

    /// Null when the request may go on; else the problem to answer.
    public static IResult? Check(HttpContext http)
    {
        var tenant = http.GetRouteValue("tenant") as string ?? "";
        if (http.RequestServices.GetRequiredService<TenantRegistry>().Find(tenant) is not { } entry)
            return Problems.NotFound($"No tenant '{tenant}'.");
        var key = http.Request.Query["k"].ToString() is { Length: > 0 } k ? k : http.Request.Headers["X-Site-Key"].ToString();
        if (key.Length == 0)
            return Problems.Of(401, "site-key-required", "Site key required", "Send the tenant's site key as the query parameter k or the header X-Site-Key.");
        if (!entry.SiteKeys.Contains(key)) return Problems.Of(401, "unknown-site-key", "Unknown site key", "This is not a site key of this tenant.");
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0) return Problems.Forbidden("Browser routes need an Origin header naming one of the tenant's allowedOrigins.");
        if (!IsAllowed(entry.Catalog.Definition.AllowedOrigins, origin)) return Problems.Forbidden($"The origin '{origin}' is not among the tenant's allowedOrigins.");
        return null;
    }

    public static bool IsAllowed(IEnumerable<string> allowed, string origin) =>
        Normalize(origin) is { } o && allowed.Select(Normalize).Contains(o, StringComparer.OrdinalIgnoreCase);

    public static string? Normalize(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}".ToLowerInvariant() : null;
}

/// CORS per tenant: the `tenant-origins` policy allows exactly the tenant's allowedOrigins; other names go to the default provider.
public sealed class TenantCorsPolicies(TenantRegistry tenants, IOptions<CorsOptions> options) : ICorsPolicyProvider
{
    private readonly DefaultCorsPolicyProvider _default = new(options);

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != BrowserAccess.CorsPolicy) return _default.GetPolicyAsync(context, policyName);
        var tenant = context.GetRouteValue("tenant") as string;
        var origins = tenant is null ? null : tenants.Find(tenant)?.Catalog.Definition.AllowedOrigins;
        var policy = new CorsPolicyBuilder()
            .WithOrigins([.. (origins ?? []).Select(BrowserAccess.Normalize).OfType<string>()])
            .WithMethods("GET", "POST")
            .WithHeaders("Content-Type", "X-Site-Key", "Idempotency-Key", "Authorization")
            .WithExposedHeaders("ETag")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
            .Build();
        return Task.FromResult<CorsPolicy?>(policy);
    }
}
