namespace ConsentHub.Hub.Tenants;

/// Names the tenant of a request whose route has no `{tenant}`, e.g. the tenant a link token was issued for.
public interface IRequestTenant
{
    string? TenantOf(HttpContext context);
}

/// Makes sure the tenant a request is about is in the registry before its endpoint runs: the route's `{tenant}`,
/// or the one an IRequestTenant names (the link routes `/u/`, `/c/`, `/p/`). An instance reads a tenant's stream the
/// first time it needs it (on either store).
public static class TenantLoading
{
    public static IApplicationBuilder UseTenantLoading(this IApplicationBuilder app)
    {
        var source = app.ApplicationServices.GetRequiredService<ITenantSource>();
        var others = app.ApplicationServices.GetServices<IRequestTenant>().ToList();
        return app.Use(async (context, next) =>
        {
            var tenant = context.GetRouteValue("tenant") as string ?? others.Select(o => o.TenantOf(context)).FirstOrDefault(t => t is not null);
            if (tenant is not null) await source.EnsureAsync(tenant, refresh: false, context.RequestAborted);
            await next(context);
        });
    }
}
