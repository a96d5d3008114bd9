using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class ConcurrencyTests() : HubTest("conc")
{

    [Fact]
    public async Task Forty_concurrent_writes_to_one_subject_are_each_stored_once_with_distinct_versions()
    {
        var writes = Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await Client.PostJsonAsync("/api/v1/conc/subjects/busy/consents",
                new { purpose = "market-research", granted = i % 2 == 0, source = $"writer-{i}" }, idempotencyKey: $"w-{i}");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.JsonAsync()).GetProperty("version").GetInt64();
        });
        var versions = await Task.WhenAll(writes);

        Assert.Equal(Enumerable.Range(1, 40).Select(v => (long)v), versions.Order());
        var history = (await Client.GetJsonAsync("/api/v1/conc/subjects/busy/history")).GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(40, history.Count);
        Assert.Equal(40, history.Select(e => e.GetProperty("source").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_and_records_nothing()
    {
        using var first = await Client.PostJsonAsync("/api/v1/conc/subjects/etag/objections", new { scope = "profiling" });
        using var prefs = await Client.GetAsync("/api/v1/conc/subjects/etag/preferences");
        Assert.Equal("\"1\"", prefs.Headers.ETag?.Tag);

        using var current = await Client.PostJsonAsync("/api/v1/conc/subjects/etag/objections", new { scope = "market-research" }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.Created, current.StatusCode);
        using var stale = await Client.PostJsonAsync("/api/v1/conc/subjects/etag/objections", new { scope = "disclosure" }, ifMatch: "\"1\"");

        var problem = await stale.AssertProblemAsync(412);
        Assert.Contains("\"2\"", problem.GetProperty("detail").GetString());
        Assert.Equal(2, (await Client.GetJsonAsync("/api/v1/conc/subjects/etag/history")).GetProperty("events").GetArrayLength());
    }
}
