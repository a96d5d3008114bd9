using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

public sealed class PartyViewRestartTests
{
    [Fact]
    public async Task After_a_restart_checks_and_suppressions_answer_as_before_without_reading_the_history_again()
    {
        var dir = TestHub.NewDataDir();
        string key, cursor;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var tenant = await hub.CreateTenantAsync("palaa");
            key = tenant.ApiKey;
            (await tenant.Client.PutAsync("/api/v1/palaa/subjects/p1/contact-points", Http.JsonBody("""{"emails":["palaa@example.fi"],"phones":["040 555 0199"]}"""))).EnsureSuccessStatusCode();
            (await tenant.Client.PostJsonAsync("/api/v1/palaa/subjects/p1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
            cursor = (await tenant.Client.GetJsonAsync("/api/v1/palaa/suppressions?channel=email&purpose=direct-marketing")).GetProperty("next").GetString()!;
            await Quiet.PropagationsAsync(hub, tenant);
        }

        await using var again = await TestHub.StartAsync(dir);
        using var client = again.Client(key);
        Assert.Equal((false, "direct-marketing-prohibited"), (await client.CheckAsync("palaa", "direct-marketing", "email", "palaa@example.fi"))[0]);
        Assert.Equal((true, "no-objection"), (await client.CheckAsync("palaa", "direct-marketing", "sms", "subject:p1"))[0]);
        var full = await client.GetJsonAsync("/api/v1/palaa/suppressions?channel=email&purpose=direct-marketing");
        Assert.Equal("palaa@example.fi", Assert.Single(full.GetProperty("items").EnumerateArray()).GetProperty("contact").GetString());
        Assert.Equal(cursor, full.GetProperty("next").GetString());
        // The party views and the change log were written with the feed's checkpoint before the stop: this start read no event.
        Assert.Equal(0, again.Services.GetRequiredService<SqliteViewFeed>().EventsRead);

        // A write after the restart is seen at once, and the feed reads only it.
        (await client.PostJsonAsync("/api/v1/palaa/subjects/p1/objections", new { scope = "direct-marketing", channel = "email", lifted = true })).EnsureSuccessStatusCode();
        Assert.Equal((true, "no-objection"), (await client.CheckAsync("palaa", "direct-marketing", "email", "palaa@example.fi"))[0]);
        var changed = await client.GetJsonAsync($"/api/v1/palaa/suppressions?channel=email&purpose=direct-marketing&after={cursor}");
        Assert.False(Assert.Single(changed.GetProperty("items").EnumerateArray()).GetProperty("suppressed").GetBoolean());
    }
}
