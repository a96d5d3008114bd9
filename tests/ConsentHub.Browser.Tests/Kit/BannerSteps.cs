using ConsentHub.Api.Tests.Kit;
using Microsoft.Playwright;

namespace ConsentHub.Browser.Tests.Kit;

/// What the banner's browser tests do again and again: find the banner, choose, and count what the site served.
public static class BannerSteps
{
    public static ILocator Banner(IPage page) => page.Locator("#consenthub-banner");

    public static ILocator Action(IPage page, string action) => page.Locator($"[data-consenthub-action=\"{action}\"]");

    public static Task<string[]> RanAsync(IPage page) => page.EvaluateAsync<string[]>("() => window.ran.slice()");

    public static int Hits(TenantHandle t, string name) => SitePage.HitsOf($"/t/{t.Id}/{name}");

    /// The placeholder shown in place of an embed (the element just before it).
    public static ILocator Placeholder(IPage page, string embedId) => page.Locator($".consenthub-embed:has(+ #{embedId})");

    /// Does something that records a choice and waits until the hub has the receipt.
    public static async Task RecordedAsync(IPage page, Func<Task> act)
    {
        var response = await page.RunAndWaitForResponseAsync(act,
            r => r.Url.Contains("/banner/consents?", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(201, response.Status);
    }

    public static Task ChooseAsync(IPage page, string action) => RecordedAsync(page, () => Action(page, action).ClickAsync());

    /// Time for anything wrongly activated to be fetched and run. Network idle is only a shortcut: with frames loading
    /// on a busy machine it may not come, and what follows asserts what did (not) happen, not when.
    public static async Task SettleAsync(IPage page)
    {
        try { await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 5000 }); }
        catch (TimeoutException) { }
        await page.WaitForTimeoutAsync(300);
    }
}
