using ConsentHub.Browser.Tests.Kit;
using static ConsentHub.Browser.Tests.Kit.BannerSteps;

namespace ConsentHub.Browser.Tests;

/// Per-service choices: the second layer has a switch per service under its category; a service granted alone
/// activates only what names it (data-consenthub-service), on this page load and the next.
public sealed class ServiceChoiceBrowserTests(BrowserHub fixture) : IClassFixture<BrowserHub>
{
    [Fact]
    public async Task Granting_one_service_alone_runs_only_its_script_now_and_on_the_next_page_load()
    {
        using var t = await fixture.ServiceTenantAsync("svc-one");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.ServicesPageUrl(t));
        await Banner(page).WaitForAsync();
        await Action(page, "settings").ClickAsync();
        Assert.Equal("Google Analytics", await page.Locator("label[for='consenthub-s-ga4']").InnerTextAsync());
        Assert.Equal("switch", await page.Locator("#consenthub-s-ga4").GetAttributeAsync("role"));
        await page.Locator("#consenthub-s-ga4").CheckAsync();
        Assert.False(await page.Locator("#consenthub-c-analytics").IsCheckedAsync());   // one service is not the whole category
        await ChooseAsync(page, "save");
        await page.WaitForFunctionAsync("() => window.ran.includes('ga4')");
        await SettleAsync(page);
        Assert.Equal(["ga4"], await RanAsync(page));
        Assert.Equal(1, Hits(t, "ga4.js"));
        foreach (var name in new[] { "matomo.js", "pixel.js", "yt", "yt2", "map" }) Assert.Equal(0, Hits(t, name));
        Assert.True(await page.EvaluateAsync<bool>("() => ConsentHub.get().services.ga4 === true && ConsentHub.get().services.matomo === false && ConsentHub.get().categories.analytics === false"));

        var visitorId = await page.EvaluateAsync<string>("() => ConsentHub.get().visitorId");
        var state = await fixture.VisitorAsync(t, visitorId);
        Assert.True(state.GetProperty("services").GetProperty("ga4").GetBoolean());
        Assert.False(state.GetProperty("services").GetProperty("matomo").GetBoolean());

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.ran.includes('ga4')");
        await SettleAsync(page);
        Assert.False(await Banner(page).IsVisibleAsync());
        Assert.Equal(["ga4"], await RanAsync(page));
        Assert.Equal(2, Hits(t, "ga4.js"));   // once per page load
        Assert.Equal(0, Hits(t, "matomo.js"));
        await page.Locator("#reopen").ClickAsync();
        await Action(page, "settings").ClickAsync();
        Assert.True(await page.Locator("#consenthub-s-ga4").IsCheckedAsync());
        Assert.False(await page.Locator("#consenthub-s-matomo").IsCheckedAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_category_switch_sets_all_its_services_and_a_script_added_later_follows_its_service()
    {
        using var t = await fixture.ServiceTenantAsync("svc-cat");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.ServicesPageUrl(t));
        await Banner(page).WaitForAsync();
        await Action(page, "settings").ClickAsync();
        await page.Locator("#consenthub-c-marketing").CheckAsync();
        Assert.True(await page.Locator("#consenthub-s-youtube").IsCheckedAsync());
        Assert.True(await page.Locator("#consenthub-s-meta-pixel").IsCheckedAsync());
        await page.Locator("#consenthub-s-meta-pixel").UncheckAsync();
        Assert.False(await page.Locator("#consenthub-c-marketing").IsCheckedAsync());
        await ChooseAsync(page, "save");
        await page.FrameLocator("#yt").Locator("#video").WaitForAsync();
        await page.FrameLocator("#yt2").Locator("#video").WaitForAsync();
        await SettleAsync(page);
        Assert.Equal(0, Hits(t, "pixel.js"));
        Assert.Equal(0, Hits(t, "map"));   // names no service, and marketing is not granted as a whole
        Assert.True(await Placeholder(page, "map").IsVisibleAsync());
        Assert.Empty(await RanAsync(page));

        const string insert = """
            ([tenant, name, service]) => { const s = document.createElement('script'); s.type = 'text/plain';
              s.setAttribute('data-consenthub-category', 'marketing'); s.setAttribute('data-consenthub-service', service);
              s.src = '/t/' + tenant + '/' + name; document.body.appendChild(s); }
            """;
        await page.EvaluateAsync(insert, new[] { t.Id, "late-pixel.js", "meta-pixel" });
        await page.EvaluateAsync(insert, new[] { t.Id, "yt-api.js", "youtube" });
        await page.WaitForFunctionAsync("() => window.ran.includes('yt-api')");
        await SettleAsync(page);
        Assert.Equal(["yt-api"], await RanAsync(page));
        Assert.Equal(0, Hits(t, "late-pixel.js"));
        await page.Context.CloseAsync();
    }
}
