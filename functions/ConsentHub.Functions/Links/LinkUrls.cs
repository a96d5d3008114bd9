namespace ConsentHub.Functions.Links;

/// Absolute links the hub hands out, on its public base (see PublicBase).
public static class LinkUrls
{
    public static Uri BaseOf(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<PublicBase>().Of(request);

    public static string Link(Uri baseUrl, string kind, string token) => new Uri(baseUrl, $"{kind}/{token}").ToString();
}
