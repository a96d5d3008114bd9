namespace ConsentHub.Api.Tests.Kit;

public static class Eventually
{
    /// Polls until the condition holds (background work such as propagation), failing with the last state seen.
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T last;
        do
        {
            last = await read();
            if (condition(last)) return last;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"{what ?? "condition"} did not hold; last seen: {last}");
    }
}
