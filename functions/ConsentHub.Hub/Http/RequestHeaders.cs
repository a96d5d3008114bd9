using Microsoft.AspNetCore.Http.HttpResults;
namespace ConsentHub.Hub.Http;

/// The write headers of API.md: Idempotency-Key and If-Match.
public static class WriteHeaders
{
    public const int MaxKeyLength = 255;

    /// The request id of a write: the caller's Idempotency-Key, or a fresh one (every keyless write is new evidence).
    public static (string? RequestId, ProblemHttpResult? Problem) RequestId(HttpRequest request)
    {
        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length == 0) return ("auto:" + Guid.NewGuid().ToString("N"), null);
        if (key.Length > MaxKeyLength || key.Any(char.IsControl))
            return (null, Problems.Validation("Idempotency-Key", $"must be 1 to {MaxKeyLength} printable characters"));
        return ("key:" + key, null);
    }

    /// If-Match as a stream version: `"3"`, `W/"3"` or `3`; null when absent.
    public static (long? Version, ProblemHttpResult? Problem) IfMatch(HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString().Trim();
        if (raw.Length == 0) return (null, null);
        var text = raw.StartsWith("W/", StringComparison.Ordinal) ? raw[2..] : raw;
        return long.TryParse(text.Trim('"'), out var version) && version >= 0
            ? (version, null)
            : (null, Problems.Validation("If-Match", "must be an ETag the hub gave, such as \"3\""));
    }

    public static void SetETag(HttpResponse response, long version) => response.Headers.ETag = $"\"{version}\"";
}
