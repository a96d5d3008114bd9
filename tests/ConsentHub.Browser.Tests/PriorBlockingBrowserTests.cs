using ConsentHub.Api.Tests.Kit;
using ConsentHub.Browser.Tests.Kit;
using Microsoft.Playwright;

namespace ConsentHub.Browser.Tests;

/// Prior blocking: what a site marks with data-consenthub-category neither runs nor loads before its category is granted.
public sealed class PriorBlockingBrowserTests(BrowserHub fixture) : IClassFixture<BrowserHub>
{
    private static ILocator Banner(IPage page) => page.Locator("#consenthub-banner");

    private static ILocator Action(IPage page, string action) => page.Locator($"[data-consenthub-action=\"{action}\"]");

    private static Task<string[]> RanAsync(IPage page) => page.EvaluateAsync<string[]>("() => window.ran.slice()");

    private static int Hits(TenantHandle t, string name) => SitePage.HitsOf($"/t/{t.Id}/{name}");

    /// Clicks something that records a choice and waits until the hub has the receipt.
    private static async Task ChooseAsync(IPage page, string action)
    {
        var response = await page.RunAndWaitForResponseAsync(() => Action(page, action).ClickAsync(),
            r => r.Url.Contains("/banner/consents?", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(201, response.Status);
    }

    /// Time for anything wrongly activated to be fetched and run.
    private static async Task SettleAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(300);
    }

    [Fact]
    public async Task Nothing_marked_runs_or_loads_before_a_choice_nor_after_reject_all()
    {
        using var t = await fixture.TenantAsync("pb-reject");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BlockedPageUrl(t));
        await Banner(page).WaitForAsync();
        await SettleAsync(page);
        Assert.Empty(await RanAsync(page));
        foreach (var name in new[] { "ga.js", "pixel.js", "frame", "px.gif" }) Assert.Equal(0, Hits(t, name));

        await ChooseAsync(page, "reject-all");
        await page.WaitForFunctionAsync("() => window.changes.length > 0");
        await SettleAsync(page);
        Assert.Empty(await RanAsync(page));
        foreach (var name in new[] { "ga.js", "pixel.js", "frame", "px.gif" }) Assert.Equal(0, Hits(t, name));
        Assert.Null(await page.Locator("#video").GetAttributeAsync("src"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Accept_all_runs_each_script_once_in_document_order_and_loads_the_embeds()
    {
        using var t = await fixture.TenantAsync("pb-accept");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BlockedPageUrl(t, "en"));
        await Banner(page).WaitForAsync();
        await ChooseAsync(page, "accept-all");
        await page.WaitForFunctionAsync("() => window.ran.length >= 3");
        await page.FrameLocator("#video").Locator("#video").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('px').complete && document.getElementById('px').naturalWidth == 1");

        // Choosing again on the same page activates nothing a second time.
        await page.Locator("#reopen").ClickAsync();
        await ChooseAsync(page, "accept-all");
        await SettleAsync(page);
        Assert.Equal(["ga", "pixel", "inline"], await RanAsync(page));
        Assert.Equal(1, Hits(t, "ga.js"));
        Assert.Equal(1, Hits(t, "pixel.js"));
        Assert.Equal(1, Hits(t, "frame"));
        Assert.Equal(1, Hits(t, "px.gif"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_the_next_page_load_a_granted_category_runs_without_a_prompt_and_a_refused_one_stays_blocked()
    {
        using var t = await fixture.TenantAsync("pb-next");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BlockedPageUrl(t, "en"));
        await Banner(page).WaitForAsync();
        await Action(page, "settings").ClickAsync();
        Assert.Contains("next page load", await page.Locator("#consenthub-banner .ch-later").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#consenthub-c-analytics").CheckAsync();
        await ChooseAsync(page, "save");
        await page.WaitForFunctionAsync("() => window.ran.length >= 2");

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.ran.length >= 2");
        await SettleAsync(page);
        Assert.False(await Banner(page).IsVisibleAsync());
        Assert.Equal(["ga", "inline"], await RanAsync(page));
        Assert.Equal(2, Hits(t, "ga.js"));   // once per page load
        Assert.Equal(0, Hits(t, "pixel.js"));
        Assert.Equal(0, Hits(t, "frame"));
        Assert.Equal(0, Hits(t, "px.gif"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_script_a_tag_manager_inserts_after_load_is_blocked_until_its_category_is_granted()
    {
        using var t = await fixture.TenantAsync("pb-late");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BlockedPageUrl(t, "en"));
        await Banner(page).WaitForAsync();
        const string insert = """
            name => { const s = document.createElement('script'); s.type = 'text/plain';
              s.setAttribute('data-consenthub-category', 'analytics'); s.src = '/t/pb-late/' + name;
              document.body.appendChild(s); }
            """;
        await page.EvaluateAsync(insert, "late.js");
        await SettleAsync(page);
        Assert.Equal(0, Hits(t, "late.js"));
        Assert.Empty(await RanAsync(page));

        await ChooseAsync(page, "accept-all");
        await page.WaitForFunctionAsync("() => window.ran.includes('late')");
        Assert.Equal(1, Hits(t, "late.js"));

        // Once granted, what the tag manager adds runs straight away.
        await page.EvaluateAsync(insert, "later.js");
        await page.WaitForFunctionAsync("() => window.ran.includes('later')");
        await SettleAsync(page);
        Assert.Equal(1, Hits(t, "late.js"));
        Assert.Equal(1, Hits(t, "later.js"));
        await page.Context.CloseAsync();
    }
}
