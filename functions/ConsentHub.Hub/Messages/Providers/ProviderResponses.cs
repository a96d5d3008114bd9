using System.Globalization;
using System.Net;
using ConsentHub.Hub.Propagation;

namespace ConsentHub.Hub.Messages.Providers;

/// Classifies a provider's HTTP answer: retry what a retry can fix, after the time the provider names.
public static class ProviderResponses
{
    public static async Task<DeliveryResult> ClassifyAsync(HttpResponseMessage response, string what, TimeProvider clock, bool notFoundIsDone = false)
    {
        if (response.IsSuccessStatusCode || (notFoundIsDone && response.StatusCode == HttpStatusCode.NotFound))
            return new DeliveryResult.Accepted(response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null);
        var body = await response.Content.ReadAsStringAsync();
        var why = $"{what}: {(int)response.StatusCode} {Truncate(body)}";
        return (int)response.StatusCode is 429 or 408 or >= 500
            ? new DeliveryResult.Transient(why, RetryAfter(response, clock))
            : new DeliveryResult.Permanent(why);
    }

    /// `Retry-After` (seconds or a date), or SendGrid's `X-RateLimit-Reset` (unix seconds).
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock)
    {
        if (response.Headers.RetryAfter is { } retry)
            return retry.Delta ?? (retry.Date is { } date ? Max(date - clock.GetUtcNow()) : null);
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
            return Max(DateTimeOffset.FromUnixTimeSeconds(reset) - clock.GetUtcNow());
        return null;
    }

    private static TimeSpan Max(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay;

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
