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
        var others = app.ApplicationServices.GetServices<IRequestTenant>().ToArray();
        return app.Use((context, next) =>
        {
            if (TenantOf(context, others) is not { } tenant) return next(context);
            // A tenant read lately answers at once, without a task per request (every API request passes here).
            var loading = source.EnsureAsync(tenant, refresh: false, context.RequestAborted);
            return loading.IsCompletedSuccessfully ? next(context) : LoadedAsync(loading, context, next);
        });
    }

    private static async Task LoadedAsync(ValueTask loading, HttpContext context, RequestDelegate next)
    {
        await loading;
        await next(context);
    }

    private static string? TenantOf(HttpContext context, IRequestTenant[] others)
    {
        if (context.GetRouteValue("tenant") is string tenant) return tenant;
        foreach (var other in others)
            if (other.TenantOf(context) is { } named) return named;
        return null;
    }
}
