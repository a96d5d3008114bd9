using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

public sealed class RequestViewRestartTests
{
    [Fact]
    public async Task After_a_restart_the_request_views_answer_without_reading_the_history_again()
    {
        var dir = TestHub.NewDataDir();
        string key, open, closed;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var tenant = await hub.CreateTenantAsync("uudelleen");
            key = tenant.ApiKey;
            open = await ReceiveAsync(tenant.Client, "r-1");
            closed = await ReceiveAsync(tenant.Client, "r-2");
            (await tenant.Client.PostJsonAsync($"/api/v1/uudelleen/requests/{closed}/reject", new { reason = "Ei tunnistettu" })).EnsureSuccessStatusCode();
            await Quiet.PropagationsAsync(hub, tenant);
        }

        await using var again = await TestHub.StartAsync(dir);
        using var client = again.Client(key);
        Assert.Equal("open", (await client.GetJsonAsync($"/api/v1/uudelleen/requests/{open}")).GetProperty("status").GetString());
        Assert.Equal("rejected", (await client.GetJsonAsync($"/api/v1/uudelleen/requests/{closed}")).GetProperty("status").GetString());
        Assert.Equal(2, (await client.GetJsonAsync("/api/v1/uudelleen/requests")).GetProperty("items").GetArrayLength());
        // The views were written with the feed's checkpoint before the stop: this start read no event to serve them.
        Assert.Equal(0, again.Services.GetRequiredService<SqliteViewFeed>().EventsRead);
    }

    private static async Task<string> ReceiveAsync(HttpClient client, string subjectId)
    {
        using var response = await client.PostJsonAsync("/api/v1/uudelleen/requests", new { subjectId, type = "access", identityVerifiedBy = "allekirjoitettu kirje" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }
}
