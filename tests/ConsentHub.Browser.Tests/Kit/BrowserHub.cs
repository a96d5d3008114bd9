using System.Net.Http.Json;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace ConsentHub.Browser.Tests.Kit;

/// One hub, one test site on another origin and one Chromium for a test class. The site serves a shop page that
/// embeds banner.js exactly as a customer would.
public sealed class BrowserHub : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private WebApplication _site = null!;
    private IPlaywright _playwright = null!;

    public TestHub Hub { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string SiteOrigin { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync();
        _site = SitePage.Create(Hub.BaseAddress);
        await _site.StartAsync();
        SiteOrigin = _site.Urls.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        await _site.StopAsync();
        await _site.DisposeAsync();
        await Hub.DisposeAsync();
    }

    /// A tenant whose allowedOrigins is the test site.
    public async Task<TenantHandle> TenantAsync(string id, string policyVersion = "2026-01-01") =>
        await Hub.CreateTenantAsync(PeopleKit.Tenant(id, name: "Testikauppa Oy", policyVersion: policyVersion, origins: [SiteOrigin]));

    public Task ChangePolicyAsync(string id, string policyVersion) =>
        Hub.ReplaceTenantAsync(id, PeopleKit.Tenant(id, name: "Testikauppa Oy", policyVersion: policyVersion, origins: [SiteOrigin]));

    public string PageUrl(TenantHandle tenant, string lang = "fi", bool gtag = true) =>
        $"{SiteOrigin}/shop?lang={lang}&tenant={tenant.Id}&key={tenant.SiteKey}&gtag={(gtag ? 1 : 0)}";

    /// The page whose scripts, iframe and image wait for consent (SitePage.MapBlockedPage).
    public string BlockedPageUrl(TenantHandle tenant, string lang = "fi") =>
        $"{SiteOrigin}/blocked?lang={lang}&tenant={tenant.Id}&key={tenant.SiteKey}";

    /// A fresh browser profile (no cookies), optionally with Global Privacy Control on.
    public async Task<IPage> NewPageAsync(bool gpc = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 760 }, Locale = "fi-FI" });
        if (gpc) await context.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });");
        return await context.NewPageAsync();
    }

    /// What the hub answers the banner for a visitor, asked as the site's page would.
    public async Task<JsonElement> VisitorAsync(TenantHandle tenant, string visitorId)
    {
        using var client = Hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/{tenant.Id}/banner/consents/{visitorId}?k={tenant.SiteKey}");
        request.Headers.Add("Origin", SiteOrigin);
        using var response = await client.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task ScreenshotAsync(IPage page, string name, ILocator? element = null)
    {
        var path = Path.Combine(Screenshots.Folder, name + ".png");
        if (element is null) await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        else await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        Assert.True(new FileInfo(path).Length > 1000, $"screenshot {path} is empty");
    }
}

public static class Screenshots
{
    /// `TestResults/screenshots` beside the test project (kept as CI artifacts; ignored by git).
    public static string Folder { get; } = Create();

    private static string Create()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConsentHub.Browser.Tests.csproj"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
