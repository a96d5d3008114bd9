using System.Security.Cryptography;
using System.Text;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Http;

namespace ConsentHub.Hub.Tenants;

/// API.md "Auth": no key or an unknown key is 401; a key of another tenant or without the scope is 403.
public static class Auth
{
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder builder, string scope) =>
        builder.AddEndpointFilter(async (context, next) => await ApiKeyProblemAsync(context.HttpContext, scope) ?? await next(context))
            .WithMetadata(new RequiredScope(scope));

    /// Null when the request carries a key of the route's tenant with the scope; else the problem to answer.
    public static async Task<IResult?> ApiKeyProblemAsync(HttpContext http, string scope)
    {
        var registry = http.RequestServices.GetRequiredService<TenantRegistry>();
        var source = http.RequestServices.GetRequiredService<ITenantSource>();
        var tenant = http.GetRouteValue("tenant") as string;   // loaded by TenantLoading before the endpoint
        if (Bearer.Token(http.Request) is not { } token) return Problems.Unauthorized();
        var key = registry.FindKey(ApiKeys.Sha256(token));
        if (key is null && tenant is not null)
        {
            await source.EnsureAsync(tenant, refresh: true, http.RequestAborted);   // a key issued since this instance last looked
            key = registry.FindKey(ApiKeys.Sha256(token));
        }
        if (key is null) return Problems.Unauthorized();
        if (key.Tenant != tenant) return Problems.Forbidden("This key belongs to another tenant.");
        if (!key.Scopes.Contains(scope)) return Problems.Forbidden($"This key lacks the scope '{scope}'.");
        registry.Touch(key, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        return null;
    }

    /// The operator routes exist only when `ConsentHub:AdminKey` is configured; otherwise they answer 404.
    public static RouteGroupBuilder RequireOperator(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var configured = http.RequestServices.GetRequiredService<HubOptions>().AdminKey;
            if (string.IsNullOrEmpty(configured)) return Problems.NotFound("No such route.");
            if (Bearer.Token(http.Request) is not { } token) return Problems.Unauthorized();
            var matches = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
            if (!matches) return Problems.Unauthorized();
            if (http.GetRouteValue("tenant") is string tenant)
                await http.RequestServices.GetRequiredService<ITenantSource>().EnsureAsync(tenant, refresh: true, http.RequestAborted);
            return await next(context);
        });
}
