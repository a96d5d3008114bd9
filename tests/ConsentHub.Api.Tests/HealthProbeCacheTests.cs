using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Http;

namespace ConsentHub.Api.Tests;

/// `/health` needs no key, so its callers set the rate: the store's probe (SQLite takes the write lock, Cosmos DB
/// reads from the account) runs at most once a second however often it is asked.
public sealed class HealthProbeCacheTests
{
    private sealed class CountingProbe : IStoreProbe
    {
        private int _calls;
        public int Calls => _calls;

        public Task<StoreHealth> ProbeAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new StoreHealth(true));
        }
    }

    /// Moves only when the test moves it, so "within a second" does not depend on the machine's speed.
    private sealed class StillClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Many_calls_within_a_second_run_the_store_probe_once_and_the_next_second_runs_it_again()
    {
        var probe = new CountingProbe();
        var clock = new StillClock();
        await using var hub = await TestHub.StartAsync(services: s => s.AddSingleton<IStoreProbe>(probe).AddSingleton<TimeProvider>(clock));
        using var client = hub.Client();

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await client.GetAsync("/health");
            return response.StatusCode;
        }));
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, probe.Calls);

        clock.Now += StoreHealthCache.Interval;
        using (var again = await client.GetAsync("/health")) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, probe.Calls);
    }
}
