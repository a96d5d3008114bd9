namespace ConsentHub.Functions.Links;

/// The base of links the hub hands out: `ConsentHub:PublicBaseUrl`, else the request's own scheme and host.
public static class LinkUrls
{
    public static Uri BaseOf(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["ConsentHub:PublicBaseUrl"];
        return new Uri(configured is { Length: > 0 } ? configured.TrimEnd('/') + "/" : $"{request.Scheme}://{request.Host}{request.PathBase}/");
    }

    public static string Link(Uri baseUrl, string kind, string token) => new Uri(baseUrl, $"{kind}/{token}").ToString();
}
