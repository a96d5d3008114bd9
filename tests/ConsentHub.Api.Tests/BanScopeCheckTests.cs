using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqliteBanScopeCheckTests() : BanScopeCheckTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.C)]
public sealed class CosmosBanScopeCheckTests(CosmosServer server) : BanScopeCheckTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// Every ban a notice names is an objection scope a check honours (README "Bans"): a ban covers the purposes whose
/// `bans` declare it (or that are named after it), by e-mail address and by subject, on every store, and the answer
/// names the ban. Before, only a purpose named exactly like the scope was covered, and two of the bans were refused.
public abstract class BanScopeCheckTests() : StoreHubTest("bans-base")
{
    private const string Id = "bans";

    private static object Definition => new
    {
        id = Id,
        name = "Mediatalo Oy",
        languages = new[] { "fi", "sv", "en" },
        defaultLanguage = "fi",
        purposes = new object[]
        {
            new { id = "direct-marketing", legalBasis = "legitimate-interest", channels = new[] { "email", "sms", "phone", "post", "push" } },
            new { id = "telesales", legalBasis = "legitimate-interest", channels = new[] { "phone", "email" }, bans = new[] { "distance-selling" } },
            new { id = "members-directory", legalBasis = "legitimate-interest", channels = new[] { "email", "post" }, bans = new[] { "directory-publishing" } },
            new { id = "partner-sharing", legalBasis = "legitimate-interest", channels = new[] { "email" }, bans = new[] { "disclosure" } },
            new { id = "reader-survey", legalBasis = "legitimate-interest", channels = new[] { "email" }, bans = new[] { "opinion-research", "market-research" } },
            new { id = "profiling", legalBasis = "legitimate-interest", channels = new[] { "email" } },
        },
    };

    /// ban → the purpose it covers here.
    private static readonly (string Ban, string Purpose)[] Covered =
    [
        ("distance-selling", "telesales"),
        ("directory-publishing", "members-directory"),
        ("disclosure", "partner-sharing"),
        ("opinion-research", "reader-survey"),
        ("market-research", "reader-survey"),
        ("profiling", "profiling"),
    ];

    private static async Task<JsonElement> CheckAsync(HttpClient client, string purpose, string channel, params string[] recipients)
    {
        using var response = await client.PostJsonAsync($"/api/v1/{Id}/permissions/check", new { purpose, channel, recipients });
        var body = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("results");
    }

    private static (bool, string, string?) Answer(JsonElement result) => (result.GetProperty("allowed").GetBoolean(), result.GetProperty("reason").GetString()!,
        result.TryGetProperty("scope", out var scope) ? scope.GetString() : null);

    [Fact]
    public async Task Each_ban_denies_the_purposes_that_declare_it_and_names_itself()
    {
        using var tenant = await Hub.CreateTenantAsync(Id, Definition);
        var client = tenant.Client;
        foreach (var (ban, purpose, i) in Covered.Select((c, i) => (c.Ban, c.Purpose, i)))
        {
            var email = $"kielto{i}@example.fi";
            (await client.PutAsync($"/api/v1/{Id}/subjects/k{i}/contact-points", Http.JsonBody($$"""{"emails":["{{email}}"]}"""))).EnsureSuccessStatusCode();
            Assert.Equal((true, "no-objection", null), Answer((await CheckAsync(client, purpose, "email", email))[0]));
            (await client.PostJsonAsync($"/api/v1/{Id}/subjects/k{i}/objections", new { scope = ban, channel = "all" })).EnsureSuccessStatusCode();
            await DeliverAsync(StreamId.Subject(Id, $"k{i}"));

            var results = await CheckAsync(client, purpose, "email", email, $"subject:k{i}");
            Assert.All(results.EnumerateArray(), r => Assert.Equal((false, "objected", ban), Answer(r)));
            // The ban is no direct-marketing prohibition: marketing by e-mail is still allowed.
            Assert.Equal((true, "no-objection", null), Answer((await CheckAsync(client, "direct-marketing", "email", email))[0]));
        }
    }

    [Fact]
    public async Task A_direct_marketing_prohibition_covers_distance_selling_but_no_other_ban_and_answers_as_before()
    {
        using var tenant = await Hub.CreateTenantAsync(Id, Definition);
        (await tenant.Client.PutAsync($"/api/v1/{Id}/subjects/dm/contact-points", Http.JsonBody("""{"emails":["kielto@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await tenant.Client.PostJsonAsync($"/api/v1/{Id}/subjects/dm/objections", new { scope = "direct-marketing" })).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject(Id, "dm"));

        var telesales = (await CheckAsync(tenant.Client, "telesales", "email", "kielto@example.fi"))[0];
        Assert.Equal((false, "direct-marketing-prohibited", null), Answer(telesales));
        Assert.False(telesales.TryGetProperty("scope", out _));   // existing answers keep their shape
        foreach (var purpose in new[] { "members-directory", "partner-sharing", "reader-survey", "profiling" })
            Assert.Equal((true, "no-objection", null), Answer((await CheckAsync(tenant.Client, purpose, "email", "kielto@example.fi"))[0]));
    }

    [Fact]
    public async Task A_tenant_definition_with_an_unknown_ban_is_refused()
    {
        using var op = Hub.Operator();
        var definition = new { id = "bans-bad", name = "Virhe Oy", purposes = new[] { new { id = "genealogy", legalBasis = "consent", channels = new[] { "post" }, bans = new[] { "sukututkimus" } } } };
        await (await op.PostJsonAsync("/api/v1/admin/tenants", definition)).AssertProblemAsync(400);
    }
}
