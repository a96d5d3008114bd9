using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Links;

/// The tenant a link route's token was issued for (also when it expired: the page still speaks for the tenant).
public sealed class LinkTenant(LinkTokens tokens, TimeProvider clock) : IRequestTenant
{
    public string? TenantOf(HttpContext context)
    {
        if (context.GetRouteValue("token") is not string token || context.Request.Path.Value is not { } path || path.IndexOf('/', 1) is not (> 1 and var end)) return null;
        return tokens.Read(token, path[1..end], clock.GetUtcNow()) switch { TokenRead.Valid v => v.Claims.Tenant, TokenRead.Expired e => e.Claims.Tenant, _ => null };
    }
}
