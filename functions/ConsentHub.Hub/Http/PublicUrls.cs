namespace ConsentHub.Hub.Http;

/// Every absolute URL the hub hands out (links in mails, List-Unsubscribe, link responses, the URL a provider signed)
/// and the origin its own forms post from, on one base. Outside Development that base comes only from
/// `ConsentHub:PublicBaseUrl`: a request's Host header is the caller's to choose, and a link built from it would send
/// a person's token to whoever chose it. In Development, unset, it is the request's own scheme and host (ASP.NET Core
/// host filtering applies when `AllowedHosts` names hosts).
public sealed class PublicUrls(Uri? configured)
{
    /// The configured base, ending in `/`; null only in Development without the setting.
    public Uri? Configured { get; } = configured;

    public Uri BaseOf(HttpRequest request) => Configured ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");

    /// `https://hub.example.fi`: what a browser sends as `Origin` from the hub's own pages.
    public string OriginOf(HttpRequest request) => BaseOf(request).GetLeftPart(UriPartial.Authority);

    /// A signed link on a base: `{base}{kind}/{token}`.
    public static string Link(Uri baseUrl, string kind, string token) => new Uri(baseUrl, $"{kind}/{token}").ToString();

    public string Link(HttpRequest request, string kind, string token) => Link(BaseOf(request), kind, token);

    /// The setting's shape is HubOptionsValidator's to check; here only whether it may be missing.
    public static PublicUrls From(HubOptions options, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
            return environment.IsDevelopment() ? new PublicUrls(null)
                : throw new StartRefusedException("ConsentHub will not start: ConsentHub__PublicBaseUrl is not set: outside Development the hub builds its links only from it; set it to the hub's public address, e.g. https://consent.example.fi");
        var uri = new Uri(options.PublicBaseUrl.Trim(), UriKind.Absolute);
        return new PublicUrls(new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"));
    }
}
