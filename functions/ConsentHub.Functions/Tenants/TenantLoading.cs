using ConsentHub.Functions.Links;

namespace ConsentHub.Functions.Tenants;

/// Makes sure the tenant a request is about is in the registry before its endpoint runs: the route's `{tenant}`,
/// or the tenant a link token (`/u/`, `/c/`, `/p/`) was issued for. An instance reads a tenant's stream the
/// first time it needs it (on either store).
public static class TenantLoading
{
    public static IApplicationBuilder UseTenantLoading(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (TenantOf(context) is { } tenant)
                await context.RequestServices.GetRequiredService<ITenantSource>().EnsureAsync(tenant, refresh: false, context.RequestAborted);
            await next(context);
        });

    private static string? TenantOf(HttpContext context)
    {
        if (context.GetRouteValue("tenant") is string tenant) return tenant;
        if (context.GetRouteValue("token") is not string token || context.Request.Path.Value is not { } path || path.IndexOf('/', 1) is not (> 1 and var end)) return null;
        var read = context.RequestServices.GetRequiredService<LinkTokens>()
            .Read(token, path[1..end], context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        return read switch { TokenRead.Valid v => v.Claims.Tenant, TokenRead.Expired e => e.Claims.Tenant, _ => null };
    }
}
