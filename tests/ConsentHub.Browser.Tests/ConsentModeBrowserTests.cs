using ConsentHub.Browser.Tests.Kit;
using static ConsentHub.Browser.Tests.Kit.BannerSteps;

namespace ConsentHub.Browser.Tests;

/// Consent Mode basic and advanced: Google's tags, marked data-consenthub-google, load before consent only in
/// advanced mode (after the denied default); in basic mode they wait for their category like any other script.
public sealed class ConsentModeBrowserTests(BrowserHub fixture) : IClassFixture<BrowserHub>
{
    private const string DeniedDefault =
        "() => dataLayer.some(a => a[0] === 'consent' && a[1] === 'default' && a[2].analytics_storage === 'denied' && a[2].ad_storage === 'denied')";

    [Fact]
    public async Task Basic_mode_keeps_gtag_from_loading_before_consent_and_after_a_refusal()
    {
        using var t = await fixture.ServiceTenantAsync("cm-basic", consentMode: "basic");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.GooglePageUrl(t));
        await Banner(page).WaitForAsync();
        await SettleAsync(page);
        Assert.Equal(0, Hits(t, "gtag.js"));
        Assert.Empty(await RanAsync(page));

        await ChooseAsync(page, "reject-all");
        await SettleAsync(page);
        Assert.Equal(0, Hits(t, "gtag.js"));

        await page.Locator("#reopen").ClickAsync();
        await ChooseAsync(page, "accept-all");
        await page.WaitForFunctionAsync("() => window.ran.includes('gtag')");
        await SettleAsync(page);
        Assert.Equal(1, Hits(t, "gtag.js"));
        Assert.True(await page.EvaluateAsync<bool>(DeniedDefault));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Advanced_mode_loads_gtag_before_consent_after_the_denied_default()
    {
        using var t = await fixture.ServiceTenantAsync("cm-advanced");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.GooglePageUrl(t));
        await Banner(page).WaitForAsync();
        await page.WaitForFunctionAsync("() => window.ran.includes('gtag')");
        Assert.Equal(1, Hits(t, "gtag.js"));
        Assert.True(await page.EvaluateAsync<bool>(DeniedDefault));
        await ChooseAsync(page, "reject-all");
        await SettleAsync(page);
        Assert.Equal(1, Hits(t, "gtag.js"));   // not a second time
        await page.Context.CloseAsync();
    }
}
