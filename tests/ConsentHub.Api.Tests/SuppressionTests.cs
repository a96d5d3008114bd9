using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqliteSuppressionTests() : SuppressionTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.B)]
public sealed class CosmosSuppressionTests(CosmosServer server) : SuppressionTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.C)]
public sealed class CosmosServerSuppressionTests(CosmosServer server) : SuppressionTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// `GET …/suppressions`: the full list, then what changed after a cursor, the same on every store (the list was
/// empty on Cosmos DB, where no in-memory index was filled).
public abstract class SuppressionTests() : StoreHubTest("sup")
{
    [Fact]
    public async Task Suppressions_list_what_is_suppressed_and_then_what_changed_since_the_cursor()
    {
        for (var i = 0; i < 3; i++)
            (await Client.PutAsync($"/api/v1/sup/subjects/sup{i}/contact-points", Http.JsonBody($$"""{"emails":["sup{{i}}@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/sup/subjects/sup0/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/sup/subjects/sup1/objections", new { scope = "direct-marketing", channel = "sms" })).EnsureSuccessStatusCode();

        var full = await Client.GetJsonAsync("/api/v1/sup/suppressions?channel=email&purpose=direct-marketing");
        var only = Assert.Single(full.GetProperty("items").EnumerateArray());
        Assert.Equal("sup0@example.fi", only.GetProperty("contact").GetString());
        Assert.True(only.GetProperty("suppressed").GetBoolean());
        Assert.Equal("direct-marketing-prohibited", only.GetProperty("reason").GetString());

        (await Client.PostJsonAsync("/api/v1/sup/subjects/sup0/objections", new { scope = "direct-marketing", channel = "email", lifted = true })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/sup/subjects/sup2/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();

        var changes = await Client.GetJsonAsync($"/api/v1/sup/suppressions?channel=email&purpose=direct-marketing&after={full.GetProperty("next").GetString()}");
        var byContact = changes.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("contact").GetString()!, i => i.GetProperty("suppressed").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["sup0@example.fi"] = false, ["sup2@example.fi"] = true }, byContact);
    }

    [Fact]
    public async Task Suppression_pages_never_skip_a_contact_point_that_shares_an_event_with_others()
    {
        var emails = Enumerable.Range(0, 5).Select(i => $"\"many{i}@example.fi\"");
        (await Client.PutAsync("/api/v1/sup/subjects/many/contact-points", Http.JsonBody($$"""{"emails":[{{string.Join(",", emails)}}]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/sup/subjects/many/objections", new { scope = "direct-marketing" })).EnsureSuccessStatusCode();

        var contacts = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var body = await Client.GetJsonAsync($"/api/v1/sup/suppressions?channel=email&purpose=direct-marketing&limit=2{(cursor is null ? "" : "&after=" + cursor)}");
            var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("contact").GetString()!).ToList();
            contacts.AddRange(items);
            cursor = body.GetProperty("next").GetString();
            if (items.Count == 0) break;
        }
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"many{i}@example.fi").Order(), contacts.Where(c => c.StartsWith("many", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public async Task A_cursor_of_the_earlier_form_reads_the_change_log_from_its_start_instead_of_missing_changes()
    {
        (await Client.PutAsync("/api/v1/sup/subjects/old1/contact-points", Http.JsonBody("""{"emails":["old1@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/sup/subjects/old1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();

        // Before the change log, a cursor was a position in the whole event history, far beyond any log sequence.
        var earlier = System.Buffers.Text.Base64Url.EncodeToString("999999.0"u8);
        var changes = await Client.GetJsonAsync($"/api/v1/sup/suppressions?channel=email&purpose=direct-marketing&after={earlier}");
        Assert.Contains(changes.GetProperty("items").EnumerateArray(), i => i.GetProperty("contact").GetString() == "old1@example.fi");

        using var forged = await Client.GetAsync("/api/v1/sup/suppressions?channel=email&purpose=direct-marketing&after=bm90LWEtY3Vyc29y");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, forged.StatusCode);
    }
}
