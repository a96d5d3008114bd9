namespace ConsentHub.Hub.Http;

/// `ConsentHub:RateLimits`: how many requests fit in a window, per client IP on the anonymous routes, per api key
/// on the API, and how many failed authentications (401/403 answers) per IP. Defaults are in README "Rate limits".
public sealed class RateLimitOptions
{
    public const string Section = "ConsentHub:RateLimits";

    public WindowLimit Anonymous { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };
    public WindowLimit ApiKey { get; set; } = new() { PermitLimit = 6000, Window = TimeSpan.FromMinutes(1) };
    public WindowLimit FailedAuth { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(5) };

    public bool IsValid => new[] { Anonymous, ApiKey, FailedAuth }.All(l => l.PermitLimit > 0 && l.Window > TimeSpan.Zero);
}

public sealed class WindowLimit
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}
