using System.Buffers.Text;
using System.Net;
using System.Text;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteUnsubscribeLinkTests() : UnsubscribeLinkTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.A)]
public sealed class CosmosUnsubscribeLinkTests(CosmosServer server) : UnsubscribeLinkTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.A)]
public sealed class CosmosServerUnsubscribeLinkTests(CosmosServer server) : UnsubscribeLinkTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// One-click unsubscribe: the links and their headers, the page in the person's language, idempotent opt-outs,
/// and tokens that cannot be bent to another tenant, list or person; the same cases on every store.
public abstract class UnsubscribeLinkTests() : StoreHubTest("unsub")
{
    private HttpClient _browser = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _browser = Hub.Client();
    }

    public override async Task DisposeAsync()
    {
        _browser.Dispose();
        await base.DisposeAsync();
    }

    private static async Task<string> LinkAsync(TenantHandle t, object body)
    {
        using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/unsubscribe-links", body);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        var url = json.GetProperty("url").GetString()!;
        Assert.Equal($"<{url}>", json.GetProperty("listUnsubscribe").GetString());
        Assert.Equal("List-Unsubscribe=One-Click", json.GetProperty("listUnsubscribePost").GetString());
        return url;
    }

    private static async Task SubscribeAsync(TenantHandle t, string list, string email) =>
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/{list}/subscriptions", new { email })).Dispose();

    private Task<HttpResponseMessage> OneClickAsync(string url) =>
        _browser.PostAsync(new Uri(url), Form(("List-Unsubscribe", "One-Click")));

    [Fact]
    public async Task The_page_asks_with_one_button_in_the_tokens_language_or_the_browsers()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("unsub-lang"));
        var sv = await LinkAsync(t, new { email = "anna@example.fi", listId = "offers", language = "sv" });
        var page = await _browser.GetStringAsync(new Uri(sv));
        Assert.Contains("<html lang=\"sv\"", page, StringComparison.Ordinal);
        Assert.Contains("Avsluta prenumerationen", page, StringComparison.Ordinal);
        Assert.Single(page.Split("<button").Skip(1));
        Assert.DoesNotContain("anna@example.fi", page, StringComparison.Ordinal);   // shown masked: a forwarded mail does not reveal it

        var plain = await LinkAsync(t, new { email = "anna@example.fi", listId = "offers" });
        using var english = new HttpRequestMessage(HttpMethod.Get, plain);
        english.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.8");
        var en = await (await _browser.SendAsync(english)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\"", en, StringComparison.Ordinal);
        Assert.Contains("Do you want to stop receiving Offers", en, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fi\"", await _browser.GetStringAsync(new Uri(plain)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_click_records_the_opt_out_once_and_the_check_changes()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("unsub-once"));
        await SubscribeAsync(t, "offers", "olli@example.fi");
        Assert.True((await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", "olli@example.fi"))[0].Allowed);
        var url = await LinkAsync(t, new { email = "olli@example.fi", listId = "offers" });
        var before = await Hub.EventCountAsync(t.Id);

        using (var first = await OneClickAsync(url)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("unsubscribed", (await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", "olli@example.fi"))[0].Reason);
        Assert.Equal(before + 1, await Hub.EventCountAsync(t.Id));
        using (var second = await OneClickAsync(url)) Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using (var button = await _browser.PostAsync(new Uri(url), Form(("List-Unsubscribe", "One-Click"), ("via", "page")))) Assert.Equal(HttpStatusCode.OK, button.StatusCode);
        Assert.Equal(before + 1, await Hub.EventCountAsync(t.Id));

        // Subscribing again and then clicking the same old link is a new statement.
        await SubscribeAsync(t, "offers", "olli@example.fi");
        using (var later = await OneClickAsync(url)) Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal("unsubscribed", (await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", "olli@example.fi"))[0].Reason);
    }

    [Fact]
    public async Task A_direct_marketing_link_forbids_every_marketing_message_by_email_but_not_service_notices()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("unsub-dm"));
        await SubscribeAsync(t, "offers", "maija@example.fi");
        (await t.Client.PutAsync($"/api/v1/{t.Id}/subjects/crm-5/contact-points", Http.JsonBody("{\"emails\":[\"maija@example.fi\"]}"))).Dispose();
        var url = await LinkAsync(t, new { subjectId = "crm-5", purpose = "direct-marketing", language = "en" });
        var page = await _browser.GetStringAsync(new Uri(url));
        Assert.Contains("m•••@example.fi", page, StringComparison.Ordinal);
        (await OneClickAsync(url)).Dispose();

        var results = await t.Client.CheckAsync(t.Id, "direct-marketing", "email", "maija@example.fi", "subject:crm-5");
        Assert.All(results, r => Assert.Equal((false, "direct-marketing-prohibited"), r));
        Assert.Equal("direct-marketing-prohibited", (await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", "maija@example.fi"))[0].Reason);
        Assert.Equal("service-notice", (await t.Client.CheckAsync(t.Id, "service-notices", "email", "maija@example.fi"))[0].Reason);
        Assert.True((await t.Client.CheckAsync(t.Id, "direct-marketing", "sms", "subject:crm-5"))[0].Allowed);   // the link was about e-mail
    }

    [Fact]
    public async Task A_tampered_token_is_400_and_records_nothing()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("unsub-tamper"));
        await SubscribeAsync(t, "offers", "teemu@example.fi");
        var url = await LinkAsync(t, new { email = "teemu@example.fi", listId = "offers" });
        var before = await Hub.EventCountAsync(t.Id);
        var (baseUrl, token) = (url[..(url.IndexOf("/u/", StringComparison.Ordinal) + 3)], url[(url.IndexOf("/u/", StringComparison.Ordinal) + 3)..]);
        var flipped = token[..20] + (token[20] == 'x' ? 'y' : 'x') + token[21..];
        foreach (var bad in new[] { flipped, token[..^2], token + "A", token.Replace('.', '!'), "garbage", Rewrite(token, "offers", "weekly") })
        {
            await (await OneClickAsync(baseUrl + bad)).AssertProblemAsync(400);
            using var html = new HttpRequestMessage(HttpMethod.Get, baseUrl + bad);
            html.Headers.Accept.ParseAdd("text/html");
            using var page = await _browser.SendAsync(html);
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await Hub.EventCountAsync(t.Id));
        Assert.True((await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", "teemu@example.fi"))[0].Allowed);
    }

    [Fact]
    public async Task A_token_of_one_tenant_or_list_cannot_unsubscribe_another()
    {
        using var a = await Hub.CreateTenantAsync(Tenant("unsub-a"));
        using var b = await Hub.CreateTenantAsync(Tenant("unsub-b"));
        foreach (var t in new[] { a, b })
            foreach (var list in new[] { "offers", "weekly" })
                await SubscribeAsync(t, list, "sari@example.fi");
        (await a.Client.PostJsonAsync($"/api/v1/{a.Id}/newsletters/weekly/subscriptions", new { email = "sari@example.fi" })).Dispose();
        var url = await LinkAsync(a, new { email = "sari@example.fi", listId = "offers" });
        var token = url[(url.IndexOf("/u/", StringComparison.Ordinal) + 3)..];
        var bBefore = await Hub.EventCountAsync(b.Id);

        // Re-signing is impossible without the hub's key: a payload moved to tenant b is refused.
        await (await OneClickAsync(url.Replace(token, Rewrite(token, "unsub-a", "unsub-b"), StringComparison.Ordinal))).AssertProblemAsync(400);
        (await OneClickAsync(url)).Dispose();

        Assert.Equal("unsubscribed", (await a.Client.CheckAsync(a.Id, "newsletter:offers", "email", "sari@example.fi"))[0].Reason);
        Assert.Equal("subscribed", (await b.Client.CheckAsync(b.Id, "newsletter:offers", "email", "sari@example.fi"))[0].Reason);
        Assert.Equal(bBefore, await Hub.EventCountAsync(b.Id));
        await DeliverAsync(StoreContents.ContactStream(Hub, a.Id, "sari@example.fi"));
        var unsubscribed = (await a.Client.CloudEventsAsync(a.Id)).Where(e => e.GetProperty("type").GetString() == "consenthub.newsletter.unsubscribed.v1");
        Assert.Equal(new string?[] { "offers" }, unsubscribed.Select(e => e.GetProperty("data").GetProperty("listId").GetString()));
    }

    [Fact]
    public async Task Html_in_tenant_and_list_names_is_escaped_on_the_pages()
    {
        var evil = "<script>alert('x')</script> & \"Co\" Oy";
        var definition = Tenant("unsub-xss", name: evil);
        using var t = await Hub.CreateTenantAsync(definition);
        var url = await LinkAsync(t, new { email = "x@example.fi", purpose = "direct-marketing" });
        foreach (var page in new[] { await _browser.GetStringAsync(new Uri(url)), await (await OneClickAsync(url)).Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain("<script>", page, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Co&quot; Oy", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Link_requests_are_validated_and_need_consent_write()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("unsub-validate"));
        await (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/unsubscribe-links", new { email = "a@example.fi" })).AssertProblemAsync(400);
        await (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/unsubscribe-links", new { email = "a@example.fi", subjectId = "s1", listId = "offers" })).AssertProblemAsync(400);
        await (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/unsubscribe-links", new { email = "a@example.fi", listId = "nope" })).AssertProblemAsync(400);
        await (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/unsubscribe-links", new { email = "a@example.fi", purpose = "service-notices" })).AssertProblemAsync(400);
        await (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/unsubscribe-links", new { email = "a@example.fi", listId = "offers", language = "de" })).AssertProblemAsync(400);
        using var anonymous = Hub.Client();
        await (await anonymous.PostJsonAsync($"/api/v1/{t.Id}/unsubscribe-links", new { email = "a@example.fi", listId = "offers" })).AssertProblemAsync(401);
    }

    /// The token's payload with one value replaced and the original signature kept.
    private static string Rewrite(string token, string from, string to)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0]));
        Assert.Contains($"\"{from}\"", payload, StringComparison.Ordinal);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.Replace($"\"{from}\"", $"\"{to}\"", StringComparison.Ordinal))) + "." + parts[1];
    }
}
