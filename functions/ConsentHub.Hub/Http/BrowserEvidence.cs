using ConsentHub.Contracts.Events;

namespace ConsentHub.Hub.Http;

/// What the hub itself saw of a person's browser, as evidence of a statement: the IP address and the user agent
/// (at most 1000 characters), to be sealed by the caller's stream key.
public static class BrowserEvidence
{
    public const int MaxUserAgent = 1000;

    public static string? Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    public static string? UserAgent(HttpRequest request) =>
        request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, MaxUserAgent)] : null;

    public static Evidence Of(HttpContext http, string? wordingSha256, Func<string?, Sealed?> seal) =>
        new(wordingSha256, seal(Ip(http)), seal(UserAgent(http.Request)), null);
}
