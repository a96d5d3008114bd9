using System.Globalization;
using System.Net;
using ConsentHub.Hub.Propagation;
using SendGrid;

namespace ConsentHub.Hub.Messages.Providers;

/// Classifies SendGrid's answer: retry what a retry can fix (408, 429, 5xx), after the time SendGrid names.
public static class SendGridResponses
{
    public static async Task<DeliveryResult> ClassifyAsync(Response response, string what, TimeProvider clock, bool notFoundIsDone = false)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode || (notFoundIsDone && response.StatusCode == HttpStatusCode.NotFound))
            return new DeliveryResult.Accepted(response.Headers?.TryGetValues("X-Message-Id", out var ids) == true ? ids.FirstOrDefault() : null);
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync();
        var why = $"{what}: {status} {Truncate(body)}";
        return status is 408 or 429 or >= 500
            ? new DeliveryResult.Transient(why, RetryAfter(response, clock))
            : new DeliveryResult.Permanent(why);
    }

    /// `Retry-After` (seconds or a date), or SendGrid's `X-RateLimit-Reset` (unix seconds).
    private static TimeSpan? RetryAfter(Response response, TimeProvider clock)
    {
        if (RetryAfterHeader.Wait(response.Headers?.RetryAfter, clock) is { } wait) return wait;
        if (response.Headers?.TryGetValues("X-RateLimit-Reset", out var values) == true
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
            return RetryAfterHeader.NotNegative(DateTimeOffset.FromUnixTimeSeconds(reset) - clock.GetUtcNow());
        return null;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
