using System.Net.Http.Json;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Browser.Tests.Kit;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Links;
using ConsentHub.Hub.Newsletters;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Tenants;
using Microsoft.Playwright;

namespace ConsentHub.Browser.Tests;

/// The pages of the e-mail links, end to end in Chromium: confirming a subscription, unsubscribing with one button
/// (whose answer leads nowhere else), and the preference center, which opts in only from a link the hub just mailed
/// ("send me a link"); the permission check a sender asks follows each of them.
public sealed class PeoplePagesBrowserTests(BrowserHub fixture) : IClassFixture<BrowserHub>
{
    private static async Task<string> Reason(TenantHandle t, string purpose, string email) =>
        (await t.Client.CheckAsync(t.Id, purpose, "email", email))[0].Reason;

    private async Task<string> LinkAsync(TenantHandle t, string route, object body)
    {
        using var response = await t.Client.PostAsJsonAsync($"/api/v1/{t.Id}/{route}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    [Fact]
    public async Task The_confirmation_link_of_a_double_opt_in_subscribes_and_thanks_in_the_persons_language()
    {
        using var t = await fixture.TenantAsync("p-confirm");
        (await t.Client.PostAsJsonAsync($"/api/v1/{t.Id}/newsletters/weekly/subscriptions", new { email = "helmi@example.fi", language = "en" })).Dispose();
        Assert.Equal("not-subscribed", await Reason(t, "newsletter:weekly", "helmi@example.fi"));

        var message = await fixture.Hub.OutboxEmailAsync(t.Id, "helmi@example.fi", ConfirmationMessages.Kind);   // delivered through the propagation
        var link = message.Text.Split('\n').Single(l => l.Contains("/c/", StringComparison.Ordinal));

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(link);
        Assert.Equal("Subscription confirmed", await page.Locator("h1").InnerTextAsync());
        await BrowserHub.ScreenshotAsync(page, "confirm-page-en");
        Assert.Equal("subscribed", await Reason(t, "newsletter:weekly", "helmi@example.fi"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_unsubscribe_page_asks_with_one_button_the_check_then_says_unsubscribed_and_the_answer_offers_no_preference_link()
    {
        using var t = await fixture.TenantAsync("p-unsub");
        (await t.Client.PostAsJsonAsync($"/api/v1/{t.Id}/newsletters/offers/subscriptions", new { email = "aino@example.fi" })).Dispose();
        Assert.Equal("subscribed", await Reason(t, "newsletter:offers", "aino@example.fi"));
        var url = await LinkAsync(t, "unsubscribe-links", new { email = "aino@example.fi", listId = "offers" });

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(url);
        Assert.Equal("fi", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Peru tilaus: Tarjoukset", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(1, await page.Locator("button").CountAsync());
        await BrowserHub.ScreenshotAsync(page, "unsubscribe-page-fi");

        await page.Locator("button").PressAsync("Enter");   // keyboard works without any script on the page
        await page.WaitForURLAsync(url);
        Assert.Equal("Valmis", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Et saa enää uutiskirjettä Tarjoukset", await page.Locator(".ok").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserHub.ScreenshotAsync(page, "unsubscribe-done-fi");
        Assert.Equal("unsubscribed", await Reason(t, "newsletter:offers", "aino@example.fi"));

        // Whoever holds a forwarded unsubscribe mail must not reach the person's other choices from it.
        Assert.Equal(0, await page.Locator("a[href*=\"/p/\"]").CountAsync());
        Assert.Equal(0, await page.Locator("form").CountAsync());
        Assert.DoesNotContain("/p/", await page.ContentAsync(), StringComparison.Ordinal);

        // A preference link the sender sends shows the newsletter as left, and joining it again there needs a mailed link.
        await page.GotoAsync(await LinkAsync(t, "preference-links", new { email = "aino@example.fi" }));
        var offers = page.Locator("input[name=\"newsletter.offers\"]");
        Assert.False(await offers.IsCheckedAsync());
        Assert.True(await offers.IsDisabledAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_preference_center_only_opts_out_from_a_plain_link_and_a_mailed_link_changes_choices_without_javascript()
    {
        const string Email = "niilo@example.fi";
        using var t = await fixture.TenantAsync("p-center");
        (await t.Client.PostAsJsonAsync($"/api/v1/{t.Id}/newsletters/offers/subscriptions", new { email = Email })).Dispose();
        var url = await LinkAsync(t, "preference-links", new { email = Email, language = "sv" });

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        ILocator Box(string field) => page.Locator($"input[name=\"{field}\"]");
        var sendLink = page.Locator("form[action*=\"/send-link\"] button");

        // A link the hub did not just mail: what is on can be turned off, what is off cannot be turned on.
        await page.GotoAsync(url);
        Assert.Equal("Dina kommunikationsval", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.True(await Box("newsletter.offers").IsCheckedAsync());
        Assert.True(await Box("newsletter.offers").IsEnabledAsync());
        Assert.True(await Box("purpose.direct-marketing").IsEnabledAsync());
        Assert.True(await Box("purpose.service-notices").IsDisabledAsync());
        foreach (var optIn in new[] { "purpose.market-research", "newsletter.weekly" })
        {
            Assert.False(await Box(optIn).IsCheckedAsync());
            Assert.True(await Box(optIn).IsDisabledAsync(), optIn);
        }
        Assert.Equal("Skicka mig en länk", await sendLink.InnerTextAsync());
        await BrowserHub.ScreenshotAsync(page, "preference-center-sv");

        // Stopping all marketing works from it.
        await page.Locator("button[value=\"stop-all\"]").ClickAsync();
        await page.Locator(".ok").WaitForAsync();
        Assert.Equal("All marknadsföring har stoppats.", await page.Locator(".ok").InnerTextAsync());
        Assert.Equal("direct-marketing-prohibited", await Reason(t, "direct-marketing", Email));
        Assert.Equal("direct-marketing-prohibited", await Reason(t, "newsletter:offers", Email));
        Assert.False(await Box("newsletter.offers").IsCheckedAsync());
        Assert.False(await Box("purpose.direct-marketing").IsCheckedAsync());
        Assert.True(await Box("purpose.direct-marketing").IsDisabledAsync());   // lifting the prohibition is an opt-in
        await BrowserHub.ScreenshotAsync(page, "preference-center-sv-stopped-from-plain-link");

        // "Send me a link" mails one fresh link to the address.
        await sendLink.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/send-link", StringComparison.Ordinal));
        Assert.Equal("Länken har skickats", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("n•••@example.fi", await page.Locator(".ok").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserHub.ScreenshotAsync(page, "preference-center-sv-link-sent");
        var mail = await fixture.Hub.OutboxEmailAsync(t.Id, Email, MailedLinkMessages.Kind);
        Assert.Equal("Länk till dina kommunikationsval – Testikauppa Oy", mail.Subject);
        await Task.Delay(500);   // a second mail would have reached the outbox by now
        Assert.Equal(1, MailedLinkCount(t, Email));
        var mailed = mail.Text.Split('\n').Single(l => l.StartsWith(fixture.Hub.BaseAddress + "p/", StringComparison.Ordinal));

        // The mailed link opens the same page with everything changeable (no JavaScript still).
        await page.GotoAsync(mailed);
        Assert.Equal("Dina kommunikationsval", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Equal(0, await page.Locator("form[action*=\"/send-link\"]").CountAsync());
        Assert.True(await Box("purpose.direct-marketing").IsEnabledAsync());
        Assert.True(await Box("purpose.market-research").IsDisabledAsync());   // blocked while direct marketing is prohibited
        Assert.True(await Box("purpose.service-notices").IsDisabledAsync());
        await BrowserHub.ScreenshotAsync(page, "preference-center-sv-mailed");

        await Box("purpose.direct-marketing").CheckAsync();
        await page.Locator("button[value=\"save\"]").ClickAsync();
        await page.Locator(".ok").WaitForAsync();
        Assert.Equal("Dina val har sparats.", await page.Locator(".ok").InnerTextAsync());
        Assert.Equal("no-objection", await Reason(t, "direct-marketing", Email));
        Assert.Equal("unsubscribed", await Reason(t, "newsletter:offers", Email));   // stopping all marketing left it, and it stays left

        await Box("purpose.market-research").CheckAsync();
        await Box("newsletter.weekly").CheckAsync();
        await page.Locator("button[value=\"save\"]").ClickAsync();
        await page.Locator(".ok").WaitForAsync();
        Assert.Equal("Dina val har sparats.", await page.Locator(".ok").InnerTextAsync());
        await BrowserHub.ScreenshotAsync(page, "preference-center-sv-saved");
        Assert.Equal("consented", await Reason(t, "market-research", Email));
        Assert.Equal("subscribed", await Reason(t, "newsletter:weekly", Email));   // the mailed link is the confirmation double opt-in asks for
        Assert.Equal("unsubscribed", await Reason(t, "newsletter:offers", Email));
        Assert.True(await Box("purpose.market-research").IsCheckedAsync());
        Assert.True(await Box("newsletter.weekly").IsCheckedAsync());

        await page.Locator("button[value=\"stop-all\"]").ClickAsync();
        await page.Locator(".ok").WaitForAsync();
        Assert.Equal("All marknadsföring har stoppats.", await page.Locator(".ok").InnerTextAsync());
        await BrowserHub.ScreenshotAsync(page, "preference-center-sv-stopped");
        Assert.Equal("direct-marketing-prohibited", await Reason(t, "direct-marketing", Email));
        Assert.Equal("direct-marketing-prohibited", await Reason(t, "market-research", Email));
        Assert.Equal("direct-marketing-prohibited", await Reason(t, "newsletter:weekly", Email));
        Assert.Equal("service-notice", await Reason(t, "service-notices", Email));
        Assert.True(await Box("purpose.market-research").IsDisabledAsync());
        Assert.False(await Box("newsletter.weekly").IsCheckedAsync());
        Assert.Equal(1, MailedLinkCount(t, Email));
        await context.CloseAsync();
    }

    /// How many "send me a link" mails to the address are in the hub's outbox.
    private int MailedLinkCount(TenantHandle t, string to)
    {
        var path = Path.Combine(fixture.Hub.DataDir, "outbox", "email.jsonl");
        return !File.Exists(path) ? 0 : File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).Count(e =>
            e.GetProperty("tenant").GetString() == t.Id && e.GetProperty("to").GetString() == to && e.GetProperty("kind").GetString() == MailedLinkMessages.Kind);
    }
}
