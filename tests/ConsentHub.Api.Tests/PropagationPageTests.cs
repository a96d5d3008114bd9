using System.Text.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// The self-hosted server starts a page of the log together (one read per stream, the page's tasks queued in one
/// write). A backlog written while propagation was off is one such page after the restart: each change is still
/// delivered on its own, once, and the one SendGrid refuses is dead-lettered alone.
public sealed class PropagationPageTests
{
    private const int Subjects = 24;

    [Fact]
    public async Task A_backlog_started_together_delivers_each_change_once_and_dead_letters_only_the_refused_one()
    {
        await using var sendGrid = await StubServer.StartAsync((request, _) => request.Body.Contains("refused@example.fi", StringComparison.Ordinal)
            ? (400, null, """{"errors":[{"message":"invalid email"}]}""") : (202, null, "{}"));
        var settings = PropagationKit.Settings(sendGrid);
        var dir = TestHub.NewDataDir();
        string key;
        await using (var off = await TestHub.StartAsync(dir, extra: new Dictionary<string, string?>(settings) { ["ConsentHub:Propagation:Enabled"] = "false" }))
        {
            using var tenant = await off.CreateTenantAsync("pages", Catalogs.Tenant("pages", sendgrid: Catalogs.SendGrid));
            key = tenant.ApiKey;
            foreach (var subject in Enumerable.Range(0, Subjects).Select(i => $"p{i}").Append("refused"))
            {
                var email = subject == "refused" ? "refused@example.fi" : $"{subject}@example.fi";
                await tenant.ContactPointsAsync(subject, [email]);
                await tenant.RecordAsync($"subjects/{subject}/objections", new { scope = "direct-marketing", channel = "email" });
            }
        }
        Assert.Empty(sendGrid.Requests);

        await using var hub = await TestHub.StartAsync(dir, extra: settings);
        using var client = hub.Client(key);
        var status = await Eventually.HoldsAsync(() => client.GetJsonAsync("/api/v1/pages/propagations?limit=1000"),
            body => Objections(body).Count() == Subjects + 1 && Objections(body).All(i => i.GetProperty("completed").GetBoolean()),
            what: "every objection's propagation finished");

        var dead = Objections(status).Where(i => Target(i).GetProperty("status").GetString() == "dead-lettered").ToList();
        Assert.Equal("refused", Assert.Single(dead).GetProperty("subjectId").GetString());
        Assert.Equal(1, Target(dead[0]).GetProperty("attempts").GetInt32());
        var suppressions = sendGrid.Requests.Where(r => r.Path.EndsWith("/suppressions", StringComparison.Ordinal)).ToList();
        Assert.Single(suppressions, r => r.Body.Contains("refused@example.fi", StringComparison.Ordinal));
        foreach (var i in Enumerable.Range(0, Subjects))
        {
            var email = $"\"p{i}@example.fi\"";
            // Once in each marketing group, never again.
            Assert.Equal(Catalogs.MarketingGroups.Length, suppressions.Count(r => r.Body.Contains(email, StringComparison.Ordinal)));
        }
        Assert.All(Objections(status).Where(i => i.GetProperty("subjectId").GetString() != "refused"),
            i => Assert.Equal(("succeeded", 1), (Target(i).GetProperty("status").GetString(), Target(i).GetProperty("attempts").GetInt32())));
    }

    private static IEnumerable<JsonElement> Objections(JsonElement body) =>
        body.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("changeType").GetString() == "objection.recorded/v1");

    private static JsonElement Target(JsonElement propagation) =>
        propagation.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetString() == "sendgrid");
}
