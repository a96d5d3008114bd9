using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Links;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// Opting in from a link needs proof of the mailbox: an unsubscribe answers without a preference link, a link the
/// hub did not just mail can only opt out, "send me a link" mails one fresh link (not one per click), and forms
/// posted from another origin record nothing.
public sealed partial class MailboxProofTests : IAsyncLifetime
{
    private readonly TestClock _clock = new();
    private TestHub _hub = null!;
    private HttpClient _browser = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync(services: s => s.AddSingleton<TimeProvider>(_clock));
        _browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _hub.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _hub.DisposeAsync();
    }

    [GeneratedRegex("<input type=\"checkbox\" name=\"([^\"]+)\"( checked)?( disabled)?>")]
    private static partial Regex Checkbox();

    private static async Task<string> ApiLinkAsync(TenantHandle t, string route, object body)
    {
        using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/{route}", body);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return new Uri(json.GetProperty("url").GetString()!).PathAndQuery;
    }

    private string OwnOrigin => _hub.BaseAddress.GetLeftPart(UriPartial.Authority);

    private async Task<HttpResponseMessage> PostAsync(string path, string? origin, params (string, string)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Form(fields) };
        request.Headers.Accept.ParseAdd("text/html");
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await _browser.SendAsync(request);
    }

    private string[] MailedTexts(string tenant, string to)
    {
        var path = Path.Combine(_hub.DataDir, "outbox", "email.jsonl");
        if (!File.Exists(path)) return [];
        return [.. File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("tenant").GetString() == tenant && e.GetProperty("to").GetString() == to && e.GetProperty("kind").GetString() == MailedLinkMessages.Kind)
            .Select(e => e.GetProperty("text").GetString()!)];
    }

    private async Task RefusedAsync(string path, params (string, string)[] fields)
    {
        using var refused = await PostAsync(path, OwnOrigin, fields);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{string.Join("&", fields)}: {(int)refused.StatusCode}");
        Assert.Contains("Confirm your e-mail address", text, StringComparison.Ordinal);
        Assert.Contains("Send me a link", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsubscribe_answers_a_page_without_a_preference_link()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("proof-unsub"));
        var path = await ApiLinkAsync(t, "unsubscribe-links", new { email = "aino@example.fi", purpose = "direct-marketing", language = "en" });
        using var response = await PostAsync(path, OwnOrigin, ("List-Unsubscribe", "One-Click"), ("via", "page"));
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Done", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/p/", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Your other choices", page, StringComparison.Ordinal);
        Assert.Equal("direct-marketing-prohibited", (await t.Client.CheckAsync(t.Id, "direct-marketing", "email", "aino@example.fi"))[0].Reason);
    }

    [Fact]
    public async Task A_link_that_was_not_just_mailed_opts_out_but_cannot_opt_in_until_send_me_a_link_mails_a_fresh_one()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("proof-center"));
        const string Email = "reija@example.fi";
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/offers/subscriptions", new { email = Email })).Dispose();
        var forwarded = await ApiLinkAsync(t, "preference-links", new { email = Email, language = "en" });

        // The page offers "send me a link"; what is off cannot be turned on here.
        var page = await _browser.GetStringAsync(forwarded);
        Assert.Contains("Send me a link", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"{forwarded}/send-link?lang=en\"", page, StringComparison.Ordinal);
        var boxes = Checkbox().Matches(page).ToDictionary(m => m.Groups[1].Value, m => (Checked: m.Groups[2].Success, Disabled: m.Groups[3].Success));
        Assert.Equal((false, true), boxes["purpose.market-research"]);
        Assert.Equal((false, true), boxes["newsletter.weekly"]);
        Assert.Equal((true, false), boxes["newsletter.offers"]);

        // Granting a consent, joining a double opt-in list or lifting a prohibition from it is refused whole.
        var before = await _hub.EventCountAsync(t.Id);
        foreach (var field in new[] { "purpose.market-research", "newsletter.weekly" })
            await RefusedAsync(forwarded, ("shown", field), (field, "on"), ("shown", "newsletter.offers"));
        Assert.Equal(before, await _hub.EventCountAsync(t.Id));
        Assert.Equal("subscribed", (await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", Email))[0].Reason);

        // Opting out works from it: stop all marketing.
        using (var stop = await PostAsync(forwarded, OwnOrigin, ("action", "stop-all"))) Assert.Equal(HttpStatusCode.SeeOther, stop.StatusCode);
        Assert.Equal("direct-marketing-prohibited", (await t.Client.CheckAsync(t.Id, "direct-marketing", "email", Email))[0].Reason);
        before = await _hub.EventCountAsync(t.Id);
        await RefusedAsync(forwarded, ("shown", "purpose.direct-marketing"), ("purpose.direct-marketing", "on"));
        using (var json = await _browser.PostAsync(forwarded, Form(("shown", "purpose.direct-marketing"), ("purpose.direct-marketing", "on"))))
            Assert.Equal("https://consenthub.fi/problems/mailbox-proof-needed", (await json.AssertProblemAsync(403)).GetProperty("type").GetString());
        Assert.Equal(before, await _hub.EventCountAsync(t.Id));
        Assert.Equal("direct-marketing-prohibited", (await t.Client.CheckAsync(t.Id, "direct-marketing", "email", Email))[0].Reason);

        // "Send me a link", clicked three times: one mail, with a link that may opt in.
        for (var i = 0; i < 3; i++)
        {
            using var sent = await PostAsync(forwarded + "/send-link?lang=en", OwnOrigin);
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            Assert.Contains("r•••@example.fi", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var mail = await _hub.OutboxEmailAsync(t.Id, Email, MailedLinkMessages.Kind);
        Assert.Equal("A link to your communication choices – Testi Oy", mail.Subject);
        var fresh = new Uri(mail.Text.Split('\n').Single(l => l.StartsWith(_hub.BaseAddress + "p/", StringComparison.Ordinal))).PathAndQuery;
        await Task.Delay(500);   // a second mail would have reached the outbox by now
        Assert.Single(MailedTexts(t.Id, Email));

        Assert.DoesNotContain("Send me a link", await _browser.GetStringAsync(fresh), StringComparison.Ordinal);
        using (var lifted = await PostAsync(fresh, OwnOrigin, ("shown", "purpose.direct-marketing"), ("purpose.direct-marketing", "on")))
            Assert.Equal(HttpStatusCode.SeeOther, lifted.StatusCode);
        using (var joined = await PostAsync(fresh, OwnOrigin, ("shown", "purpose.direct-marketing"), ("purpose.direct-marketing", "on"), ("shown", "newsletter.weekly"), ("newsletter.weekly", "on")))
            Assert.Equal(HttpStatusCode.SeeOther, joined.StatusCode);
        Assert.Equal("no-objection", (await t.Client.CheckAsync(t.Id, "direct-marketing", "email", Email))[0].Reason);
        Assert.Equal("subscribed", (await t.Client.CheckAsync(t.Id, "newsletter:weekly", "email", Email))[0].Reason);

        // After the quiet time another request mails again.
        _clock.Offset = ConsentHub.Hub.Links.MailedLinks.Quiet + TimeSpan.FromSeconds(1);
        using (var again = await PostAsync(forwarded + "/send-link", null)) Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(MailedTexts(t.Id, Email).Length), n => n == 2, what: "a second mailed link after the quiet time");
    }

    [Fact]
    public async Task A_mailed_link_proves_the_mailbox_for_an_hour_only_and_then_can_still_opt_out()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("proof-stale"));
        const string Email = "veikko@example.fi";
        var forwarded = await ApiLinkAsync(t, "preference-links", new { email = Email });
        using (var sent = await PostAsync(forwarded + "/send-link", null)) Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var mail = await _hub.OutboxEmailAsync(t.Id, Email, MailedLinkMessages.Kind);
        var mailed = new Uri(mail.Text.Split('\n').Single(l => l.StartsWith(_hub.BaseAddress + "p/", StringComparison.Ordinal))).PathAndQuery;

        _clock.Offset = LinkTokens.MailedProofLifetime + TimeSpan.FromMinutes(1);
        var before = await _hub.EventCountAsync(t.Id);
        using (var refused = await PostAsync(mailed, OwnOrigin, ("shown", "purpose.market-research"), ("purpose.market-research", "on")))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(before, await _hub.EventCountAsync(t.Id));
        using (var stop = await PostAsync(mailed, OwnOrigin, ("action", "stop-all"))) Assert.Equal(HttpStatusCode.SeeOther, stop.StatusCode);
        Assert.Equal("direct-marketing-prohibited", (await t.Client.CheckAsync(t.Id, "direct-marketing", "email", Email))[0].Reason);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1")]
    public async Task Form_posts_from_another_origin_are_403_and_record_or_send_nothing(string origin)
    {
        using var t = await _hub.CreateTenantAsync(Tenant("proof-origin-" + (uint)origin.GetHashCode(StringComparison.Ordinal)));
        const string Email = "kalle@example.fi";
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/offers/subscriptions", new { email = Email })).Dispose();
        var unsubscribe = await ApiLinkAsync(t, "unsubscribe-links", new { email = Email, listId = "offers", language = "sv" });
        var preferences = await ApiLinkAsync(t, "preference-links", new { email = Email, language = "sv" });
        var before = await _hub.EventCountAsync(t.Id);

        foreach (var (path, fields) in new[]
        {
            (unsubscribe, new[] { ("List-Unsubscribe", "One-Click") }),
            (preferences, new[] { ("action", "stop-all") }),
            (preferences + "/send-link", Array.Empty<(string, string)>()),
        })
        {
            using var refused = await PostAsync(path, origin, fields);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Formuläret godtogs inte", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var problem = await _browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, unsubscribe) { Content = Form(("List-Unsubscribe", "One-Click")), Headers = { { "Origin", origin } } }))
            Assert.Equal("https://consenthub.fi/problems/cross-origin-form", (await problem.AssertProblemAsync(403)).GetProperty("type").GetString());

        await Task.Delay(300);
        Assert.Equal(before, await _hub.EventCountAsync(t.Id));
        Assert.Empty(MailedTexts(t.Id, Email));
        Assert.True((await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", Email))[0].Allowed);

        // From the hub's own page (its origin) or a mail provider (no Origin) the same posts work.
        using (var own = await PostAsync(preferences, OwnOrigin, ("shown", "newsletter.offers"))) Assert.Equal(HttpStatusCode.SeeOther, own.StatusCode);
        Assert.Equal("unsubscribed", (await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", Email))[0].Reason);
        using (var provider = await PostAsync(unsubscribe, null, ("List-Unsubscribe", "One-Click"))) Assert.Equal(HttpStatusCode.OK, provider.StatusCode);
    }
}
