using ConsentHub.Browser.Tests.Kit;
using Microsoft.Playwright;
using static ConsentHub.Browser.Tests.Kit.BannerSteps;

namespace ConsentHub.Browser.Tests;

/// An embed waiting for consent shows a placeholder in the page's language, with a button that loads that embed
/// (granting its service, if it names one) and one that allows its whole category.
public sealed class EmbedPlaceholderBrowserTests(BrowserHub fixture) : IClassFixture<BrowserHub>
{
    [Theory]
    [InlineData("en", "This content is from YouTube, which sets marketing cookies. Load it?", "This content sets marketing cookies. Load it?", "Load content", "Allow all marketing cookies")]
    [InlineData("fi", "Tämä sisältö tulee palvelusta YouTube, joka käyttää evästeitä (markkinointi). Ladataanko se?", "Tämä sisältö käyttää evästeitä (markkinointi). Ladataanko se?", "Lataa sisältö", "Salli koko luokka: markkinointi")]
    [InlineData("sv", "Det här innehållet kommer från YouTube, som använder cookies (marknadsföring). Vill du läsa in det?", "Det här innehållet använder cookies (marknadsföring). Vill du läsa in det?", "Läs in innehållet", "Tillåt hela kategorin: marknadsföring")]
    public async Task Each_embed_shows_a_placeholder_in_the_pages_language_naming_its_service(string lang, string youtube, string any, string load, string allow)
    {
        using var t = await fixture.ServiceTenantAsync("emb-text-" + lang);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.ServicesPageUrl(t, lang));
        await Banner(page).WaitForAsync();
        var yt = Placeholder(page, "yt");
        await yt.WaitForAsync();
        Assert.StartsWith(youtube, await yt.Locator("p").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(any, await Placeholder(page, "map").Locator("p").InnerTextAsync());
        Assert.Equal(lang, await yt.GetAttributeAsync("lang"));
        // Real buttons with their own names, and the service's privacy notice.
        Assert.Equal(load, await yt.GetByRole(AriaRole.Button, new() { Name = load, Exact = true }).InnerTextAsync());
        Assert.Equal(allow, await yt.GetByRole(AriaRole.Button, new() { Name = allow, Exact = true }).InnerTextAsync());
        Assert.Equal("https://policies.google.com/privacy", await yt.Locator("a").GetAttributeAsync("href"));
        Assert.False(await page.Locator("#yt").IsVisibleAsync());
        await SettleAsync(page);
        foreach (var name in new[] { "yt", "yt2", "map", "pixel.js" }) Assert.Equal(0, Hits(t, name));
        if (lang == "en") await BrowserHub.ScreenshotAsync(page, "embed-placeholder", yt);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_load_button_loads_that_embed_grants_its_service_and_moves_focus_to_it()
    {
        using var t = await fixture.ServiceTenantAsync("emb-load");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.ServicesPageUrl(t));
        await Banner(page).WaitForAsync();
        await ChooseAsync(page, "reject-all");
        await SettleAsync(page);
        Assert.Equal(0, Hits(t, "yt"));

        await RecordedAsync(page, () => Placeholder(page, "yt").Locator("[data-consenthub-embed=load]").ClickAsync());
        await page.FrameLocator("#yt").Locator("#video").WaitForAsync();
        Assert.Equal("yt", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Equal(0, await Placeholder(page, "yt").CountAsync());
        await page.FrameLocator("#yt2").Locator("#video").WaitForAsync();   // the same service's other embed
        await SettleAsync(page);
        Assert.Equal(0, Hits(t, "map"));
        Assert.Equal(0, Hits(t, "pixel.js"));
        var visitorId = await page.EvaluateAsync<string>("() => ConsentHub.get().visitorId");
        var state = await fixture.VisitorAsync(t, visitorId);
        Assert.True(state.GetProperty("services").GetProperty("youtube").GetBoolean());
        Assert.False(state.GetProperty("services").GetProperty("meta-pixel").GetBoolean());
        Assert.False(state.GetProperty("categories").GetProperty("marketing").GetBoolean());
        var receipt = state.GetProperty("receiptId").GetString();

        // An embed that names no service loads just this once: nothing is recorded.
        var posts = 0;
        page.Request += (_, r) => { if (r.Method == "POST") posts++; };
        await Placeholder(page, "map").Locator("[data-consenthub-embed=load]").ClickAsync();
        await page.FrameLocator("#map").Locator("#video").WaitForAsync();
        await SettleAsync(page);
        Assert.Equal(0, posts);
        Assert.Equal(1, Hits(t, "map"));
        Assert.Equal(receipt, (await fixture.VisitorAsync(t, visitorId)).GetProperty("receiptId").GetString());

        // On the next page load the granted service's embeds load at once; the other embed waits again.
        await page.ReloadAsync();
        await page.FrameLocator("#yt").Locator("#video").WaitForAsync();
        await SettleAsync(page);
        Assert.True(await Placeholder(page, "map").IsVisibleAsync());
        Assert.Equal(1, Hits(t, "map"));
        Assert.False(await Banner(page).IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_allow_button_grants_the_whole_category()
    {
        using var t = await fixture.ServiceTenantAsync("emb-allow");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.ServicesPageUrl(t));
        await Banner(page).WaitForAsync();
        await ChooseAsync(page, "reject-all");
        await RecordedAsync(page, () => Placeholder(page, "map").Locator("[data-consenthub-embed=allow]").ClickAsync());
        await page.FrameLocator("#map").Locator("#video").WaitForAsync();
        await page.FrameLocator("#yt").Locator("#video").WaitForAsync();
        await page.WaitForFunctionAsync("() => window.ran.includes('pixel')");
        await SettleAsync(page);
        Assert.Equal(["pixel"], await RanAsync(page));
        Assert.Equal(0, await page.Locator(".consenthub-embed").CountAsync());
        Assert.Equal("map", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.True(await page.EvaluateAsync<bool>("() => ConsentHub.get().categories.marketing === true && ConsentHub.get().categories.analytics === false"));
        Assert.Equal(0, Hits(t, "ga4.js"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_service_granted_at_an_embed_while_the_banner_is_open_stays_granted_when_the_banner_is_saved()
    {
        using var t = await fixture.ServiceTenantAsync("emb-open");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.ServicesPageUrl(t));
        await Banner(page).WaitForAsync();
        await Action(page, "settings").ClickAsync();
        await RecordedAsync(page, () => Placeholder(page, "yt").Locator("[data-consenthub-embed=load]").ClickAsync());
        Assert.True(await page.Locator("#consenthub-banner [data-consenthub-service=\"youtube\"]").IsCheckedAsync());
        Assert.False(await page.Locator("#consenthub-banner [data-consenthub-service=\"meta-pixel\"]").IsCheckedAsync());

        await ChooseAsync(page, "save");
        var visitorId = await page.EvaluateAsync<string>("() => ConsentHub.get().visitorId");
        var state = await fixture.VisitorAsync(t, visitorId);
        Assert.True(state.GetProperty("services").GetProperty("youtube").GetBoolean());
        Assert.False(state.GetProperty("services").GetProperty("meta-pixel").GetBoolean());
        await page.Context.CloseAsync();
    }
}
