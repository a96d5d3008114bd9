using System.Net.Http.Headers;

namespace ConsentHub.Hub.Propagation;

/// How long a provider or a CRM asked to be left alone: `Retry-After` in seconds or as a date (a date already past is
/// now); none when the answer did not say. The propagation decider then waits at least that long.
public static class RetryAfterHeader
{
    public static TimeSpan? Wait(RetryConditionHeaderValue? header, TimeProvider clock) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => NotNegative(date - clock.GetUtcNow()),
        _ => null,
    };

    public static TimeSpan NotNegative(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
}
