using System.Net;
using ConsentHub.Api.Tests.Kit;
using Microsoft.Data.Sqlite;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class NewViewUpgradeTests
{
    [Fact]
    public async Task A_database_whose_view_checkpoint_predates_a_projection_gets_that_projections_views_from_its_history()
    {
        var dir = TestHub.NewDataDir();
        string siteKey;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var tenant = await hub.CreateTenantAsync(Tenant("vanha"));
            siteKey = tenant.SiteKey;
            using var http = hub.Client();
            using var chosen = await http.SendAsync(Browser(HttpMethod.Post, "/api/v1/vanha/banner/consents", siteKey,
                json: new { visitorId = "visitor-o1", categories = new { analytics = true } }));
            Assert.Equal(HttpStatusCode.Created, chosen.StatusCode);
        }
        // As a hub that kept only request views left it: the feed's checkpoint at the end, no visitor views.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "consenthub.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM views WHERE kind <> 'request';
                DELETE FROM checkpoints WHERE name LIKE 'views%';
                INSERT INTO checkpoints (name, position) SELECT 'views', MAX(position) FROM events;
                """;
            command.ExecuteNonQuery();
        }

        await using var again = await TestHub.StartAsync(dir);
        using var browser = again.Client();
        using var answer = await browser.SendAsync(Browser(HttpMethod.Get, "/api/v1/vanha/banner/consents/visitor-o1", siteKey));
        var body = await answer.JsonAsync();
        Assert.False(body.GetProperty("prompt").GetBoolean(), body.ToString());
        Assert.True(body.GetProperty("categories").GetProperty("analytics").GetBoolean());
    }
}
