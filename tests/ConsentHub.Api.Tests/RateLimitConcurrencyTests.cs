using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// A key's limit holds when many requests on it arrive at once: its counter is taken without a lock, so no two
/// requests may both take the last permit, and failed authentications from one IP count alike.
public sealed class RateLimitConcurrencyTests
{
    [Fact]
    public async Task Requests_arriving_together_on_one_key_are_answered_exactly_up_to_its_limit()
    {
        await using var hub = await TestHub.StartAsync(extra: new Dictionary<string, string?>
        {
            ["ConsentHub:RateLimits:ApiKey:PermitLimit"] = "25",
            ["ConsentHub:RateLimits:ApiKey:Window"] = "01:00:00",
        });
        using var t = await hub.CreateTenantAsync("limits-together");
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await t.Client.GetAsync($"/api/v1/{t.Id}/subjects/s{i}/preferences");
            return response.StatusCode;
        }));
        Assert.Equal(25, answers.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(75, answers.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Failed_authentications_arriving_together_stop_the_IP_once_its_limit_is_spent()
    {
        await using var hub = await TestHub.StartAsync(extra: new Dictionary<string, string?>
        {
            ["ConsentHub:RateLimits:FailedAuth:PermitLimit"] = "5",
            ["ConsentHub:RateLimits:FailedAuth:Window"] = "01:00:00",
        });
        using var t = await hub.CreateTenantAsync("limits-failing-together");
        using var wrong = hub.Client("chk_not-a-key");
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await wrong.GetAsync($"/api/v1/{t.Id}/subjects/s1/preferences");
            return response.StatusCode;
        }));
        // Requests already past the door when the fifth failure was counted still fail as 401; none after it.
        Assert.InRange(answers.Count(s => s == HttpStatusCode.Unauthorized), 5, 40);
        using var after = await t.Client.GetAsync($"/api/v1/{t.Id}/subjects/s1/preferences");
        Assert.Equal(HttpStatusCode.TooManyRequests, after.StatusCode);
    }
}
