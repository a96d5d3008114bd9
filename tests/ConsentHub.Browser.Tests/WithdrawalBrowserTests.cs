using ConsentHub.Browser.Tests.Kit;
using static ConsentHub.Browser.Tests.Kit.BannerSteps;

namespace ConsentHub.Browser.Tests;

/// A withdrawal cannot stop what already ran on the page: it takes effect from the next page load, and the settings
/// layer says so in the person's language.
public sealed class WithdrawalBrowserTests(BrowserHub fixture) : IClassFixture<BrowserHub>
{
    [Theory]
    [InlineData("fi", "Jos perut suostumuksen, muutos tulee voimaan seuraavasta sivun latauksesta.")]
    [InlineData("sv", "Om du återkallar ditt samtycke gäller det från nästa gång en sida laddas.")]
    public async Task The_settings_layer_says_a_withdrawal_takes_effect_from_the_next_page_load(string lang, string words)
    {
        using var t = await fixture.TenantAsync("wd-text-" + lang);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BlockedPageUrl(t, lang));
        await Banner(page).WaitForAsync();
        var later = page.Locator("#consenthub-banner .ch-later");
        Assert.False(await later.IsVisibleAsync());
        await Action(page, "settings").ClickAsync();
        Assert.True(await later.IsVisibleAsync());
        Assert.StartsWith(words, await later.InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_a_withdrawal_nothing_marked_runs_again_and_the_next_page_load_runs_none_of_it()
    {
        using var t = await fixture.TenantAsync("wd-reload");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BlockedPageUrl(t, "en"));
        await Banner(page).WaitForAsync();
        await ChooseAsync(page, "accept-all");
        await page.WaitForFunctionAsync("() => window.ran.length >= 3");
        await page.FrameLocator("#video").Locator("#video").WaitForAsync();

        await page.Locator("#reopen").ClickAsync();
        await ChooseAsync(page, "reject-all");
        await SettleAsync(page);
        Assert.Equal(["ga", "pixel", "inline"], await RanAsync(page));   // what ran is not undone, nor run again

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.changes.length > 0");
        await SettleAsync(page);
        Assert.False(await Banner(page).IsVisibleAsync());
        Assert.Empty(await RanAsync(page));
        Assert.Equal(1, Hits(t, "ga.js"));
        Assert.Equal(1, Hits(t, "pixel.js"));
        Assert.Equal(1, Hits(t, "frame"));
        Assert.Equal(1, Hits(t, "px.gif"));
        var visitorId = await page.EvaluateAsync<string>("() => ConsentHub.get().visitorId");
        var state = await fixture.VisitorAsync(t, visitorId);
        Assert.False(state.GetProperty("categories").GetProperty("analytics").GetBoolean());
        Assert.False(state.GetProperty("categories").GetProperty("marketing").GetBoolean());
        await page.Context.CloseAsync();
    }
}
