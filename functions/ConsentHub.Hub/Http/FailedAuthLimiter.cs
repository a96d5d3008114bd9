using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Http;

/// Failed authentications per client IP: every 401 or 403 answer on `/api` takes a permit; once an IP has none
/// left its API requests are answered 429 before any key is looked at, until the window turns.
public sealed class FailedAuthLimiter(IOptions<RateLimitOptions> options)
{
    private readonly FixedWindows _failures = new(options.Value.FailedAuth);

    /// Whether the IP has failures left (asking takes none); else the time until the window turns.
    public bool HasLeft(string ip, out TimeSpan retryAfter) => _failures.TryTake(ip, 0, out retryAfter);

    public void CountFailure(string ip) => _failures.TryTake(ip, 1, out _);
}
