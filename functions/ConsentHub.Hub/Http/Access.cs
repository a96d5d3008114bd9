namespace ConsentHub.Hub.Http;

/// `Authorization: Bearer …`: an api key (checked by Tenants.Auth) or the operator key.
public static class Bearer
{
    public static string? Token(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}

/// Endpoint metadata: the scope a route needs (read by the OpenAPI coverage test).
public sealed record RequiredScope(string Scope);

/// Endpoint metadata: the route is a browser route (site key + Origin), limited per client IP as an anonymous one.
public sealed record SiteKeyAccess;
