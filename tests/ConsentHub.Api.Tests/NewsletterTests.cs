using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Newsletters;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteNewsletterTests() : NewsletterTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed and the propagation run by themselves
}

/// As on Azure: the change feed starts the propagation that mails the confirmation, in the Functions app.
[Collection(CosmosCollection.B)]
public sealed class CosmosNewsletterTests(CosmosServer server) : NewsletterTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.B)]
public sealed class CosmosServerNewsletterTests(CosmosServer server) : NewsletterTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// Double opt-in: the subscription, the confirmation message composed for the propagation engine, and the link;
/// the same cases on every store.
public abstract class NewsletterTests() : StoreHubTest("news")
{
    /// The confirmation mail, once the subscription on the address's own stream has been propagated.
    private async Task<HubMessage> ConfirmationAsync(string tenant, string email)
    {
        await DeliverAsync(StoreContents.ContactStream(Hub, tenant, email));
        return await Hub.OutboxEmailAsync(tenant, email, ConfirmationMessages.Kind);
    }

    [Fact]
    public async Task A_double_opt_in_list_answers_pending_and_a_list_without_it_subscribed()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("news-status"));
        using var pending = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/weekly/subscriptions", new { email = "liisa@example.fi", language = "sv" });
        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Equal("pending", (await pending.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal("not-subscribed", (await t.Client.CheckAsync(t.Id, "newsletter:weekly", "email", "liisa@example.fi"))[0].Reason);

        using var direct = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/offers/subscriptions", new { email = "liisa@example.fi" });
        Assert.Equal(HttpStatusCode.Created, direct.StatusCode);
        Assert.Equal("subscribed", (await direct.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal("subscribed", (await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", "liisa@example.fi"))[0].Reason);

        await (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/monthly/subscriptions", new { email = "liisa@example.fi" })).AssertProblemAsync(404);
        await (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/weekly/subscriptions", new { email = "not-an-address" })).AssertProblemAsync(400);
    }

    [Fact]
    public async Task A_page_may_subscribe_with_the_site_key_from_an_allowed_origin_only()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("news-browser"));
        using var anonymous = Hub.Client();
        var path = $"/api/v1/{t.Id}/newsletters/weekly/subscriptions";
        using (var ok = await anonymous.SendAsync(Browser(HttpMethod.Post, path, t.SiteKey, json: new { email = "sivu@example.fi", language = "en" })))
        {
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
            Assert.Equal(SiteOrigin, ok.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
        await (await anonymous.SendAsync(Browser(HttpMethod.Post, path, t.SiteKey, "https://evil.example", new { email = "x@example.fi" }))).AssertProblemAsync(403);
        await (await anonymous.SendAsync(Browser(HttpMethod.Post, path, null, json: new { email = "x@example.fi" }))).AssertProblemAsync(401);
        using var readOnly = Hub.Client((await (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/keys", new { scopes = new[] { "check" } })).JsonAsync()).GetProperty("apiKey").GetString());
        await (await readOnly.PostJsonAsync(path, new { email = "x@example.fi" })).AssertProblemAsync(403);
    }

    [Fact]
    public async Task The_confirmation_message_is_in_the_persons_language_with_an_absolute_link_that_confirms_once()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("news-confirm", name: "Kauppa & Co Oy"));
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/weekly/subscriptions", new { email = "Sanna@Example.FI", language = "sv" })).Dispose();

        var message = await ConfirmationAsync(t.Id, "Sanna@example.fi");
        Assert.Equal(("email", "Sanna@example.fi", ConfirmationMessages.Kind), (message.Channel, message.To, message.Kind));
        Assert.Equal("Bekräfta prenumerationen på Veckobrev", message.Subject);
        Assert.Contains("Kauppa & Co Oy", message.Text, StringComparison.Ordinal);
        Assert.Contains("Kauppa &amp; Co Oy", message.Html, StringComparison.Ordinal);
        var link = message.Text.Split('\n').Single(l => l.StartsWith(Hub.BaseAddress + "c/", StringComparison.Ordinal));
        Assert.Matches("^<http://127\\.0\\.0\\.1:[0-9]+/u/[^>]+>$", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);

        using var browser = Hub.Client();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd("ConfirmAgent/2.0");
        using var page = await browser.GetAsync(new Uri(link));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"sv\"", html, StringComparison.Ordinal);
        Assert.Contains("Prenumerationen är bekräftad", html, StringComparison.Ordinal);
        Assert.Equal("subscribed", (await t.Client.CheckAsync(t.Id, "newsletter:weekly", "email", "Sanna@example.fi"))[0].Reason);
        await DeliverAsync(StoreContents.ContactStream(Hub, t.Id, "Sanna@example.fi"));
        var confirmed = (await t.Client.CloudEventsAsync(t.Id)).Single(e => e.GetProperty("type").GetString() == "consenthub.newsletter.confirmed.v1");
        var evidence = confirmed.GetProperty("data").GetProperty("evidence");
        Assert.Equal("ConfirmAgent/2.0", evidence.GetProperty("userAgent").GetString());
        Assert.Equal("127.0.0.1", evidence.GetProperty("ip").GetString());

        var count = await Hub.EventCountAsync(t.Id);
        using var again = await browser.GetAsync(new Uri(link));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(count, await Hub.EventCountAsync(t.Id));
    }

    [Fact]
    public async Task A_tampered_confirmation_link_is_400_and_confirms_nothing()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("news-tamper"));
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/weekly/subscriptions", new { email = "pekka@example.fi" })).Dispose();
        var confirm = Hub.BaseAddress + "c/";
        var link = (await ConfirmationAsync(t.Id, "pekka@example.fi")).Text.Split('\n').Single(l => l.StartsWith(confirm, StringComparison.Ordinal));
        var token = link[confirm.Length..];
        var count = await Hub.EventCountAsync(t.Id);
        using var client = Hub.Client();
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        await (await client.GetAsync($"/c/{tampered}")).AssertProblemAsync(400);
        await (await client.GetAsync($"/c/{token}x")).AssertProblemAsync(400);
        await (await client.GetAsync($"/u/{token}")).AssertProblemAsync(400);   // a confirmation token is not an unsubscribe token
        Assert.Equal(count, await Hub.EventCountAsync(t.Id));
        Assert.Equal("not-subscribed", (await t.Client.CheckAsync(t.Id, "newsletter:weekly", "email", "pekka@example.fi"))[0].Reason);
    }
}
