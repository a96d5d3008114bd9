namespace ConsentHub.Hub.Messages.Providers;

/// Sends every request to another base (scheme, host, port and path prefix), keeping its own path and query: an SDK that builds its own
/// absolute URLs (Twilio's) reaches a stand-in that way, the way SendGrid's `Host` option does for SendGrid.
public sealed class BaseUrlHandler(Uri baseUrl) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
            request.RequestUri = new UriBuilder(uri) { Scheme = baseUrl.Scheme, Host = baseUrl.Host, Port = baseUrl.Port, Path = baseUrl.AbsolutePath.TrimEnd('/') + uri.AbsolutePath }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
