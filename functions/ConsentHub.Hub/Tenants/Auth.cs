using System.Security.Cryptography;
using System.Text;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Tenants;

/// API.md "Auth": no key or an unknown key is 401; a key of another tenant or without the scope is 403.
public static class Auth
{
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder builder, string scope) =>
        builder.AddEndpointFilter((context, next) =>
        {
            var problem = ApiKeyProblemAsync(context.HttpContext, scope);
            if (!problem.IsCompletedSuccessfully) return ThenAsync(problem, context, next);
            return problem.Result is { } answer ? new(answer) : next(context);
        }).WithMetadata(new RequiredScope(scope));

    private static async ValueTask<object?> ThenAsync(ValueTask<IResult?> problem, EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await problem ?? await next(context);

    /// Null when the request carries a key of the route's tenant with the scope; else the problem to answer.
    public static ValueTask<IResult?> ApiKeyProblemAsync(HttpContext http, string scope)
    {
        var keys = http.RequestServices.GetRequiredService<ApiKeyLookup>();
        var tenant = http.GetRouteValue("tenant") as string;   // loaded by TenantLoading before the endpoint
        if (Bearer.Token(http.Request) is not { } token) return new(Problems.Unauthorized());
        // The common case answers without a task: a key this instance knows.
        if (keys.Find(token) is { } key) return new(Decide(keys, key, tenant, scope));
        return tenant is null ? new(Problems.Unauthorized()) : RefreshedAsync(http, keys, token, tenant, scope);
    }

    // A key issued since this instance last looked at the tenant (e.g. on another instance).
    private static async ValueTask<IResult?> RefreshedAsync(HttpContext http, ApiKeyLookup keys, string token, string tenant, string scope)
    {
        await http.RequestServices.GetRequiredService<ITenantSource>().EnsureAsync(tenant, refresh: true, http.RequestAborted);
        return keys.Find(token) is { } key ? Decide(keys, key, tenant, scope) : Problems.Unauthorized();
    }

    private static ProblemHttpResult? Decide(ApiKeyLookup keys, ApiKeyEntry key, string? tenant, string scope)
    {
        if (key.Tenant != tenant) return Problems.Forbidden("This key belongs to another tenant.");
        if (!key.Scopes.Contains(scope)) return Problems.Forbidden($"This key lacks the scope '{scope}'.");
        keys.Touch(key);
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
