using ConsentHub.Contracts.Events;
using ConsentHub.Hub.Ledger;

namespace ConsentHub.Hub.Http;

/// What the hub itself saw of a person's browser, as evidence of a statement: the IP address and the user agent
/// (at most 1000 characters), sealed as evidence (the stream's key and the day's evidence key).
public static class BrowserEvidence
{
    public const int MaxUserAgent = 1000;

    public static string? Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    public static string? UserAgent(HttpRequest request) =>
        request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, MaxUserAgent)] : null;

    public static Evidence Of(HttpContext http, string? wordingSha256, Seal seal) =>
        new(wordingSha256, seal(Ip(http), evidence: true), seal(UserAgent(http.Request), evidence: true), null);
}
