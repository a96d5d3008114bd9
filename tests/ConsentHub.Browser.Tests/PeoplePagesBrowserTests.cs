using System.Net.Http.Json;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Browser.Tests.Kit;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Functions.Newsletters;
using ConsentHub.Functions.Propagation;
using ConsentHub.Functions.Tenants;
using Microsoft.Playwright;

namespace ConsentHub.Browser.Tests;

/// The pages of the e-mail links, end to end in Chromium: confirming a subscription, unsubscribing with one button,
/// and the preference center; the permission check a sender asks follows each of them.
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
    public async Task The_unsubscribe_page_asks_with_one_button_and_the_check_then_says_unsubscribed()
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

        // The page's link leads on to the preference center, where the newsletter shows as left.
        await page.Locator("a").First.ClickAsync();
        Assert.False(await page.Locator("input[name=\"newsletter.offers\"]").IsCheckedAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_preference_center_changes_choices_and_stops_all_marketing_without_javascript()
    {
        using var t = await fixture.TenantAsync("p-center");
        (await t.Client.PostAsJsonAsync($"/api/v1/{t.Id}/newsletters/offers/subscriptions", new { email = "niilo@example.fi" })).Dispose();
        var url = await LinkAsync(t, "preference-links", new { email = "niilo@example.fi", language = "sv" });

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        Assert.Equal("Dina kommunikationsval", await page.Locator("h1").InnerTextAsync());
        Assert.True(await page.Locator("input[name=\"newsletter.offers\"]").IsCheckedAsync());
        Assert.True(await page.Locator("input[name=\"purpose.service-notices\"]").IsDisabledAsync());
        await BrowserHub.ScreenshotAsync(page, "preference-center-sv");

        await page.Locator("input[name=\"purpose.market-research\"]").CheckAsync();
        await page.Locator("input[name=\"newsletter.offers\"]").UncheckAsync();
        await page.Locator("button[value=\"save\"]").ClickAsync();
        await page.Locator(".ok").WaitForAsync();
        Assert.Equal("Dina val har sparats.", await page.Locator(".ok").InnerTextAsync());
        await BrowserHub.ScreenshotAsync(page, "preference-center-sv-saved");
        Assert.Equal("consented", await Reason(t, "market-research", "niilo@example.fi"));
        Assert.Equal("unsubscribed", await Reason(t, "newsletter:offers", "niilo@example.fi"));
        Assert.True(await page.Locator("input[name=\"purpose.market-research\"]").IsCheckedAsync());

        await page.Locator("button[value=\"stop-all\"]").ClickAsync();
        await page.Locator(".ok").WaitForAsync();
        Assert.Equal("All marknadsföring har stoppats.", await page.Locator(".ok").InnerTextAsync());
        await BrowserHub.ScreenshotAsync(page, "preference-center-sv-stopped");
        Assert.Equal("direct-marketing-prohibited", await Reason(t, "direct-marketing", "niilo@example.fi"));
        Assert.Equal("direct-marketing-prohibited", await Reason(t, "market-research", "niilo@example.fi"));
        Assert.Equal("service-notice", await Reason(t, "service-notices", "niilo@example.fi"));
        Assert.True(await page.Locator("input[name=\"purpose.market-research\"]").IsDisabledAsync());
        await context.CloseAsync();
    }
}
