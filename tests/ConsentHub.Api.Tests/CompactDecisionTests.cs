using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqliteCompactDecisionTests() : CompactDecisionTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.C)]
public sealed class CosmosCompactDecisionTests(CosmosServer server) : CompactDecisionTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// A batch of checks decides from the party index's compact bytes where the index answers alone (SQLite), and from
/// the views' states otherwise; the suppressions feed always decides from the states. Both must give every recipient
/// the same answer on every row of the decision table: objections by channel and by scope, restriction, consents on a
/// channel and on all channels, newsletters, the prohibitions an address keeps after its subject lets go of it, a
/// subject asked for by id, and a recipient asked twice.
public abstract class CompactDecisionTests() : StoreHubTest("tiivis")
{
    private const string T = "tiivis";

    private static readonly string[] People = ["ei", "kielto", "tekstari", "tutkimus", "rajattu", "suostui", "peruutti", "tilaaja", "perui", "vaihtoi", "vanha"];

    private static string Email(string person) => $"{person}@example.fi";

    [Fact]
    public async Task Every_recipient_gets_the_answer_the_suppressions_feed_gives_it()
    {
        var start = (await Client.GetJsonAsync($"/api/v1/{T}/suppressions?channel=email&purpose=direct-marketing")).GetProperty("next").GetString();
        for (var i = 0; i < People.Length; i++)
            await Ok(Client.PutAsync($"/api/v1/{T}/subjects/{People[i]}/contact-points", Http.JsonBody($$"""{"emails":["{{Email(People[i])}}"],"phones":["+35840{{i + 1000000:D7}}"]}""")));
        await Ok(Client.PostJsonAsync($"/api/v1/{T}/subjects/kielto/objections", new { scope = "direct-marketing", channel = "email" }));
        await Ok(Client.PostJsonAsync($"/api/v1/{T}/subjects/tekstari/objections", new { scope = "direct-marketing", channel = "sms" }));
        await Ok(Client.PostJsonAsync($"/api/v1/{T}/subjects/tutkimus/objections", new { scope = "market-research", channel = "all" }));
        await Ok(Client.PostJsonAsync($"/api/v1/{T}/subjects/rajattu/restriction", new { restricted = true, reason = "accuracy contested" }));
        await Ok(Client.PostJsonAsync($"/api/v1/{T}/subjects/suostui/consents", new { purpose = "market-research", granted = true }));
        await Ok(Client.PostJsonAsync($"/api/v1/{T}/subjects/peruutti/consents", new { purpose = "market-research", granted = true }));
        await Ok(Client.PostJsonAsync($"/api/v1/{T}/subjects/peruutti/consents", new { purpose = "market-research", channel = "email", granted = false }));
        // An address let go of while its subject objected keeps the prohibition (HeldProhibitions).
        await Ok(Client.PostJsonAsync($"/api/v1/{T}/subjects/vaihtoi/objections", new { scope = "direct-marketing", channel = "all" }));
        await Ok(Client.PutAsync($"/api/v1/{T}/subjects/vaihtoi/contact-points", Http.JsonBody("""{"emails":["uusi@example.fi"]}""")));
        await Ok(Client.ImportAsync(T, "uutiskirje", ImportKit.Lines(
            new { type = "newsletter", subjectId = "tilaaja", newsletter = "weekly", subscribed = true, source = "crm" },
            new { type = "newsletter", subjectId = "perui", newsletter = "weekly", subscribed = false, source = "crm" })));
        await Eventually.HoldsAsync(() => Client.ImportStatusAsync(T, "uutiskirje"), s => s.GetProperty("status").GetString() == "completed", what: "the import completed");
        Assert.Empty((await Client.ImportStatusAsync(T, "uutiskirje")).GetProperty("rejected").EnumerateArray());
        await DeliverAsync([.. People.Select(p => StreamId.Subject(T, p))]);

        string[] addresses = [.. People.Select(Email), "uusi@example.fi", "kukaan@example.fi", Email("kielto")];
        string[] subjects = [.. People.Select(p => "subject:" + p)];
        var expected = new Dictionary<(string Purpose, string Recipient), string>
        {
            [("direct-marketing", Email("ei"))] = "no-objection",
            [("direct-marketing", Email("kielto"))] = "direct-marketing-prohibited",
            [("direct-marketing", Email("tekstari"))] = "no-objection",
            [("direct-marketing", Email("rajattu"))] = "processing-restricted",
            [("direct-marketing", Email("vaihtoi"))] = "direct-marketing-prohibited",
            [("direct-marketing", "kukaan@example.fi")] = "no-objection",
            [("market-research", Email("tutkimus"))] = "objected",
            [("market-research", Email("suostui"))] = "consented",
            [("market-research", Email("peruutti"))] = "consent-withdrawn",
            [("market-research", "subject:peruutti")] = "consent-withdrawn",
            [("market-research", Email("ei"))] = "no-consent",
            [("newsletter:weekly", Email("tilaaja"))] = "subscribed",
            [("newsletter:weekly", Email("perui"))] = "unsubscribed",
            [("newsletter:weekly", Email("ei"))] = "not-subscribed",
            [("newsletter:weekly", Email("kielto"))] = "direct-marketing-prohibited",
            [("service-notices", Email("rajattu"))] = "service-notice",
        };
        foreach (var purpose in new[] { "direct-marketing", "market-research", "newsletter:weekly", "service-notices" })
        {
            var answers = await CheckAsync(purpose, [.. addresses, .. subjects, "ei kelpaa"]);
            foreach (var ((_, recipient), reason) in expected.Where(e => e.Key.Purpose == purpose))
                Assert.True(answers[recipient].Reason == reason, $"{purpose} {recipient}: {answers[recipient].Reason}, not {reason}");
            Assert.Equal("invalid-recipient", answers["ei kelpaa"].Reason);

            var feed = await Client.GetJsonAsync($"/api/v1/{T}/suppressions?channel=email&purpose={purpose}&after={start}");
            var items = feed.GetProperty("items").EnumerateArray().ToList();
            Assert.Contains(items, i => i.GetProperty("contact").GetString() == Email("vaihtoi"));
            foreach (var item in items)
            {
                var contact = item.GetProperty("contact").GetString()!;
                var scope = item.TryGetProperty("scope", out var s) ? s.GetString() : null;
                Assert.Equal((item.GetProperty("reason").GetString(), scope), (answers[contact].Reason, answers[contact].Scope));
            }
        }
    }

    private async Task<Dictionary<string, (bool Allowed, string Reason, string? Scope)>> CheckAsync(string purpose, string[] recipients)
    {
        using var response = await Client.PostJsonAsync($"/api/v1/{T}/permissions/check", new { purpose, channel = "email", recipients });
        var results = (await response.JsonAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(recipients, results.Select(r => r.GetProperty("recipient").GetString()));
        var answers = new Dictionary<string, (bool, string, string?)>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            var answer = (r.GetProperty("allowed").GetBoolean(), r.GetProperty("reason").GetString()!, r.TryGetProperty("scope", out var s) ? s.GetString() : null);
            if (!answers.TryAdd(r.GetProperty("recipient").GetString()!, answer)) Assert.Equal(answers[r.GetProperty("recipient").GetString()!], answer);
        }
        return answers;
    }

    private static async Task Ok(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
