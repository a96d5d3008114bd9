using System.Text.Json;
using ConsentHub.Browser.Tests.Kit;
using Microsoft.Playwright;

namespace ConsentHub.Browser.Tests;

/// banner.js in Chromium on a page of another origin than the hub.
public sealed class BannerBrowserTests(BrowserHub fixture) : IClassFixture<BrowserHub>
{
    private static readonly string[] ConsentTypes =
        ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage", "functionality_storage", "personalization_storage", "security_storage"];

    private static ILocator Banner(IPage page) => page.Locator("#consenthub-banner");

    private static ILocator Action(IPage page, string action) => page.Locator($"[data-consenthub-action=\"{action}\"]");

    /// Clicks (or presses) something that makes the banner post a receipt, and answers the receipt.
    private static async Task<JsonElement> ReceiptAsync(IPage page, Func<Task> act)
    {
        var response = await page.RunAndWaitForResponseAsync(act, r => r.Url.Contains("/banner/consents?", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(201, response.Status);
        return (await response.JsonAsync())!.Value;
    }

    private static async Task<JsonElement> ChoiceAsync(IPage page) => (await page.EvaluateAsync<JsonElement?>("() => window.ConsentHub.get()"))!.Value;

    [Fact]
    public async Task The_banner_appears_in_finnish_on_a_finnish_page_without_moving_the_page()
    {
        using var t = await fixture.TenantAsync("b-finnish");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.PageUrl(t, "fi"));
        var titleBefore = await page.Locator("#title").BoundingBoxAsync();
        await Banner(page).WaitForAsync();

        Assert.Equal("dialog", await Banner(page).GetAttributeAsync("role"));
        Assert.Equal("fi", await Banner(page).GetAttributeAsync("lang"));
        Assert.Equal("Evästeet ja yksityisyytesi", await page.Locator("#consenthub-title").InnerTextAsync());
        Assert.Equal("Hyväksy kaikki", await Action(page, "accept-all").InnerTextAsync());
        Assert.Equal("Hylkää kaikki", await Action(page, "reject-all").InnerTextAsync());
        // Accept and reject are equally prominent: same size and the same colours.
        var accept = await Action(page, "accept-all").BoundingBoxAsync();
        var reject = await Action(page, "reject-all").BoundingBoxAsync();
        Assert.Equal(accept!.Height, reject!.Height);
        Assert.InRange(accept.Width / reject.Width, 0.9, 1.1);
        const string style = "e => { const s = getComputedStyle(e); return s.backgroundColor + '|' + s.color + '|' + s.fontSize + '|' + s.fontWeight; }";
        Assert.Equal(await Action(page, "accept-all").EvaluateAsync<string>(style), await Action(page, "reject-all").EvaluateAsync<string>(style));
        // The banner floats over the page: nothing of the page moved.
        Assert.Equal(titleBefore!.Y, (await page.Locator("#title").BoundingBoxAsync())!.Y);
        Assert.Equal("fixed", await Banner(page).EvaluateAsync<string>("e => getComputedStyle(e).position"));
        await BrowserHub.ScreenshotAsync(page, "banner-fi");

        await Action(page, "settings").ClickAsync();
        Assert.True(await page.Locator("[data-consenthub-category=\"necessary\"]").IsCheckedAsync());
        Assert.True(await page.Locator("[data-consenthub-category=\"necessary\"]").IsDisabledAsync());
        Assert.False(await page.Locator("[data-consenthub-category=\"marketing\"]").IsCheckedAsync());
        await BrowserHub.ScreenshotAsync(page, "banner-fi-settings");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reject_all_records_a_receipt_with_every_optional_category_off_and_deletes_their_cookies()
    {
        using var t = await fixture.TenantAsync("b-reject");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.PageUrl(t, "en"));
        await Banner(page).WaitForAsync();
        Assert.Equal("Reject all", await Action(page, "reject-all").InnerTextAsync());

        var receipt = await ReceiptAsync(page, () => Action(page, "reject-all").ClickAsync());
        var categories = receipt.GetProperty("categories");
        Assert.True(categories.GetProperty("necessary").GetBoolean());
        Assert.False(categories.GetProperty("analytics").GetBoolean());
        Assert.False(categories.GetProperty("marketing").GetBoolean());
        Assert.False(await Banner(page).IsVisibleAsync());

        var cookies = (await page.Context.CookiesAsync()).Select(c => c.Name).ToList();
        Assert.Contains("consenthub", cookies);
        Assert.DoesNotContain("_fbp", cookies);
        Assert.DoesNotContain("_ga", cookies);
        Assert.DoesNotContain("_ga_ABC", cookies);   // listed as _ga_*
        var choice = await ChoiceAsync(page);
        Assert.False(choice.GetProperty("categories").GetProperty("marketing").GetBoolean());
        Assert.Equal("2026-01-01", choice.GetProperty("policyVersion").GetString());
        var stored = await fixture.VisitorAsync(t, choice.GetProperty("visitorId").GetString()!);
        Assert.False(stored.GetProperty("prompt").GetBoolean());
        Assert.False(stored.GetProperty("categories").GetProperty("analytics").GetBoolean());
        var change = await page.EvaluateAsync<JsonElement>("() => window.changes[window.changes.length - 1]");
        Assert.False(change.GetProperty("categories").GetProperty("marketing").GetBoolean());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Accept_all_holds_across_visits_until_the_tenant_changes_its_policy_version()
    {
        using var t = await fixture.TenantAsync("b-policy", policyVersion: "2026-01-01");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.PageUrl(t));
        await Banner(page).WaitForAsync();
        var receipt = await ReceiptAsync(page, () => Action(page, "accept-all").ClickAsync());
        Assert.True(receipt.GetProperty("categories").GetProperty("marketing").GetBoolean());

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.changes.length > 0");
        Assert.False(await Banner(page).IsVisibleAsync());
        Assert.True((await ChoiceAsync(page)).GetProperty("categories").GetProperty("analytics").GetBoolean());

        await fixture.ChangePolicyAsync(t.Id, "2026-09-01");
        await page.ReloadAsync();
        await Banner(page).WaitForAsync();
        await BrowserHub.ScreenshotAsync(page, "banner-reprompt-after-policy-change");
        var again = await ReceiptAsync(page, () => Action(page, "reject-all").ClickAsync());
        Assert.False(again.GetProperty("categories").GetProperty("marketing").GetBoolean());
        Assert.Equal("2026-09-01", (await ChoiceAsync(page)).GetProperty("policyVersion").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Global_Privacy_Control_keeps_marketing_off_even_on_accept_all()
    {
        using var t = await fixture.TenantAsync("b-gpc");
        var page = await fixture.NewPageAsync(gpc: true);
        await page.GotoAsync(fixture.PageUrl(t, "sv"));
        await Banner(page).WaitForAsync();
        Assert.Contains("Global Privacy Control", await page.Locator(".ch-gpc").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserHub.ScreenshotAsync(page, "banner-sv-gpc");

        var receipt = await ReceiptAsync(page, () => Action(page, "accept-all").ClickAsync());
        Assert.True(receipt.GetProperty("gpc").GetBoolean());
        Assert.False(receipt.GetProperty("categories").GetProperty("marketing").GetBoolean());
        Assert.True(receipt.GetProperty("categories").GetProperty("analytics").GetBoolean());
        Assert.DoesNotContain("_fbp", (await page.Context.CookiesAsync()).Select(c => c.Name));

        await page.Locator("#reopen").ClickAsync();
        await Action(page, "settings").ClickAsync();
        Assert.True(await page.Locator("[data-consenthub-category=\"marketing\"]").IsDisabledAsync());
        Assert.False(await page.Locator("[data-consenthub-category=\"marketing\"]").IsCheckedAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_banner_can_be_completed_with_the_keyboard_alone_with_focus_trapped_visible_and_returned()
    {
        using var t = await fixture.TenantAsync("b-keyboard");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.PageUrl(t, "en"));
        await Banner(page).WaitForAsync();
        const string focused = "() => document.activeElement && (document.activeElement.getAttribute('data-consenthub-action') || document.activeElement.getAttribute('data-consenthub-category') || document.activeElement.id)";
        Assert.Equal("reject-all", await page.EvaluateAsync<string>(focused));
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));

        // Tab cycles inside the dialog: reject, accept, settings, and back to reject (the focus trap); Shift+Tab goes back.
        var seen = new List<string>();
        for (var i = 0; i < 4; i++) { await page.Keyboard.PressAsync("Tab"); seen.Add(await page.EvaluateAsync<string>(focused)); }
        Assert.Equal(["accept-all", "settings", "reject-all", "accept-all"], seen);
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("settings", await page.EvaluateAsync<string>(focused));

        await page.Keyboard.PressAsync("Enter");                   // second layer: focus on the first switch
        Assert.Equal("analytics", await page.EvaluateAsync<string>(focused));
        await page.Keyboard.PressAsync("Space");                   // analytics on
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("marketing", await page.EvaluateAsync<string>(focused));
        for (var i = 0; i < 3; i++) await page.Keyboard.PressAsync("Tab");   // reject, accept, save
        Assert.Equal("save", await page.EvaluateAsync<string>(focused));
        await BrowserHub.ScreenshotAsync(page, "banner-keyboard-save", Banner(page));
        var receipt = await ReceiptAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.True(receipt.GetProperty("categories").GetProperty("analytics").GetBoolean());
        Assert.False(receipt.GetProperty("categories").GetProperty("marketing").GetBoolean());

        // Reopened from a control on the page, Escape closes it and focus returns to that control.
        await page.Locator("#reopen").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Banner(page).WaitForAsync();
        Assert.Equal("reject-all", await page.EvaluateAsync<string>(focused));
        await page.Keyboard.PressAsync("Escape");
        Assert.False(await Banner(page).IsVisibleAsync());
        Assert.Equal("reopen", await page.EvaluateAsync<string>(focused));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Consent_Mode_is_denied_by_default_and_updated_for_all_seven_types_on_the_data_layer()
    {
        using var t = await fixture.TenantAsync("b-consent-mode");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.PageUrl(t, "fi", gtag: true));
        await Banner(page).WaitForAsync();
        // Serialised in the page: the data layer holds `arguments` objects, as gtag.js itself pushes them.
        const string consent = "kind => JSON.stringify(window.dataLayer.filter(e => e[0] === 'consent' && e[1] === kind).map(e => e[2]))";
        async Task<JsonElement> Calls(string kind) => JsonDocument.Parse(await page.EvaluateAsync<string>(consent, kind)).RootElement.Clone();
        var defaults = await Calls("default");
        Assert.Equal(ConsentTypes.Order(), defaults[0].EnumerateObject().Select(p => p.Name).Order());
        Assert.All(defaults[0].EnumerateObject(), p => Assert.Equal("denied", p.Value.GetString()));
        Assert.Equal(0, (await Calls("update")).GetArrayLength());

        await ReceiptAsync(page, () => Action(page, "accept-all").ClickAsync());
        var update = (await Calls("update"))[0];
        Assert.Equal(ConsentTypes.Order(), update.EnumerateObject().Select(p => p.Name).Order());
        Assert.All(update.EnumerateObject(), p => Assert.Equal("granted", p.Value.GetString()));

        await page.Locator("#reopen").ClickAsync();
        await ReceiptAsync(page, () => Action(page, "reject-all").ClickAsync());
        var rejected = (await Calls("update"))[1];
        Assert.Equal("denied", rejected.GetProperty("ad_storage").GetString());
        Assert.Equal("denied", rejected.GetProperty("analytics_storage").GetString());
        Assert.Equal("granted", rejected.GetProperty("security_storage").GetString());
        await page.Context.CloseAsync();
    }
}
