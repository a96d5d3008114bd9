using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Storage;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class VisitorViewRestartTests
{
    [Fact]
    public async Task After_a_restart_the_banner_answers_each_visitor_without_reading_the_history_again()
    {
        var dir = TestHub.NewDataDir();
        string siteKey, receipt;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var tenant = await hub.CreateTenantAsync(Tenant("muisti"));
            siteKey = tenant.SiteKey;
            using var http = hub.Client();
            using var chosen = await http.SendAsync(Browser(HttpMethod.Post, "/api/v1/muisti/banner/consents", siteKey,
                json: new { visitorId = "visitor-m1", categories = new { analytics = true, marketing = false } }));
            Assert.Equal(HttpStatusCode.Created, chosen.StatusCode);
            receipt = (await chosen.JsonAsync()).GetProperty("receiptId").GetString()!;
            await Quiet.PropagationsAsync(hub, tenant);
        }

        await using var again = await TestHub.StartAsync(dir);
        using var browser = again.Client();
        using var answer = await browser.SendAsync(Browser(HttpMethod.Get, "/api/v1/muisti/banner/consents/visitor-m1", siteKey));
        var body = await answer.JsonAsync();
        Assert.False(body.GetProperty("prompt").GetBoolean());
        Assert.Equal(receipt, body.GetProperty("receiptId").GetString());
        Assert.True(body.GetProperty("categories").GetProperty("analytics").GetBoolean());
        // The views were written with the feed's checkpoint before the stop: this start read no event to serve them.
        Assert.Equal(0, again.Services.GetRequiredService<SqliteViewFeed>().EventsRead);
    }
}
