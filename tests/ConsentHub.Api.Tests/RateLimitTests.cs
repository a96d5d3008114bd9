using System.Net;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// Anonymous routes per client IP, the API per key, failed authentications per IP: over a limit the hub answers
/// 429 problem+json with Retry-After, and limits come from configuration.
public sealed class RateLimitTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync(extra: new Dictionary<string, string?>
    {
        ["ConsentHub:RateLimits:Anonymous:PermitLimit"] = "5",
        ["ConsentHub:RateLimits:Anonymous:Window"] = "00:01:00",
        ["ConsentHub:RateLimits:ApiKey:PermitLimit"] = "10",
        ["ConsentHub:RateLimits:ApiKey:Window"] = "00:00:30",
        ["ConsentHub:RateLimits:FailedAuth:PermitLimit"] = "3",
        ["ConsentHub:RateLimits:FailedAuth:Window"] = "00:02:00",
    });

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static async Task AssertLimitedAsync(HttpResponseMessage response, int windowSeconds)
    {
        await response.AssertProblemAsync(429);
        var retryAfter = response.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("no Retry-After");
        Assert.InRange(retryAfter.TotalSeconds, 1, windowSeconds);
    }

    [Fact]
    public async Task An_anonymous_route_answers_429_with_Retry_After_once_an_IP_is_over_its_limit()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("limits-anon"));
        using var browser = _hub.Client();
        Task<HttpResponseMessage> SendAsync() => browser.SendAsync(Browser(HttpMethod.Post, $"/api/v1/{t.Id}/newsletters/weekly/subscriptions", t.SiteKey,
            json: new { email = "raja@example.fi" }));
        for (var i = 0; i < 5; i++)
            using (var ok = await SendAsync()) Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        using var limited = await SendAsync();
        await AssertLimitedAsync(limited, 60);

        // Link routes share the IP's budget: a made-up token is refused at the door, not parsed.
        using var link = await browser.GetAsync("/u/made-up-token");
        await AssertLimitedAsync(link, 60);
        // The API with a key is not an anonymous route.
        using var check = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/permissions/check", new { purpose = "direct-marketing", channel = "email", recipients = new[] { "a@example.fi" } });
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
    }

    [Fact]
    public async Task An_api_key_answers_429_with_Retry_After_once_over_its_limit_and_other_keys_go_on()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("limits-key"));
        using var other = await _hub.CreateTenantAsync(Tenant("limits-key-2"));
        var path = $"/api/v1/{t.Id}/subjects/s1/preferences";
        var answered = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await t.Client.GetAsync(path);
            answered.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) await AssertLimitedAsync(response, 30);
        }
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, answered.Take(9));   // tenant creation took none of this key's
        Assert.Equal(HttpStatusCode.TooManyRequests, answered[^1]);
        using var otherKey = await other.Client.GetAsync($"/api/v1/{other.Id}/subjects/s1/preferences");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, otherKey.StatusCode);
    }

    [Fact]
    public async Task Failed_authentications_from_an_IP_answer_429_before_any_key_is_checked()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("limits-auth"));
        using var wrong = _hub.Client("chk_not-a-key");
        for (var i = 0; i < 3; i++) await (await wrong.GetAsync($"/api/v1/{t.Id}/subjects/s1/preferences")).AssertProblemAsync(401);
        using var limited = await wrong.GetAsync($"/api/v1/{t.Id}/subjects/s1/preferences");
        await AssertLimitedAsync(limited, 120);
        using var wrongOperator = _hub.Client("not-the-operator-key");
        await AssertLimitedAsync(await wrongOperator.GetAsync($"/api/v1/admin/tenants/{t.Id}"), 120);
        // From that IP even the right key waits: the limit is on the address that guessed.
        await AssertLimitedAsync(await t.Client.GetAsync($"/api/v1/{t.Id}/subjects/s1/preferences"), 120);
    }
}
