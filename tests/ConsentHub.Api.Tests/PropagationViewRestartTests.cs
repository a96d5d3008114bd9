using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

public sealed class PropagationViewRestartTests
{
    [Fact]
    public async Task After_a_restart_the_propagation_status_answers_without_reading_the_history_again()
    {
        var dir = TestHub.NewDataDir();
        string key, before;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var tenant = await hub.CreateTenantAsync("jatko");
            key = tenant.ApiKey;
            (await tenant.Client.PutAsync("/api/v1/jatko/subjects/s1/contact-points", Http.JsonBody("""{"emails":["jatko@example.fi"]}"""))).EnsureSuccessStatusCode();
            (await tenant.Client.PostJsonAsync("/api/v1/jatko/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
            before = (await PropagationTests.SettledAsync(tenant, "s1")).GetRawText();
        }

        await using var again = await TestHub.StartAsync(dir);
        using var client = again.Client(key);
        Assert.Equal(before, (await client.GetJsonAsync("/api/v1/jatko/propagations?subjectId=s1")).GetRawText());
        // The views were written with the feed's checkpoint before the stop: this start read no event to serve them.
        Assert.Equal(0, again.Services.GetRequiredService<SqliteViewFeed>().EventsRead);
    }
}
