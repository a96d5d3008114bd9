using System.Net.Http.Json;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Browser.Tests.Kit;
using ConsentHub.Hub.Links;
using Microsoft.Playwright;

namespace ConsentHub.Browser.Tests;

/// Filing a data subject request from the preference center in Chromium, without JavaScript: the page's own form,
/// from a link the hub just mailed, with the browser's real `Origin`, answered by a confirmation in the person's
/// language, and the case in the controller's list.
public sealed class PreferenceRequestBrowserTests(BrowserHub fixture) : IClassFixture<BrowserHub>
{
    [Fact]
    public async Task A_correction_filed_from_a_mailed_link_is_confirmed_with_its_number_and_reaches_the_controllers_list()
    {
        const string Email = "helmi@example.fi";
        using var t = await fixture.TenantAsync("p-requests");
        await t.ContactPointsAsync("helmi", [Email]);
        using var linked = await t.Client.PostAsJsonAsync($"/api/v1/{t.Id}/preference-links", new { subjectId = "helmi", language = "en" });
        var url = (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        Assert.Equal("Your data", await page.Locator("h2", new() { HasText = "Your data" }).InnerTextAsync());
        await page.Locator("form[action*=\"/send-link\"] button").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/send-link", StringComparison.Ordinal));
        var mail = await fixture.Hub.OutboxEmailAsync(t.Id, Email, MailedLinkMessages.Kind);
        var mailed = mail.Text.Split('\n').Single(l => l.StartsWith(fixture.Hub.BaseAddress + "p/", StringComparison.Ordinal));

        await page.GotoAsync(mailed);
        await page.Locator("textarea[name=\"details\"]").FillAsync("My surname is Lehtinen, not Lehtonen");
        await BrowserHub.ScreenshotAsync(page, "preference-center-en-requests");
        await page.Locator("button[value=\"rectification\"]").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/requests", StringComparison.Ordinal));
        Assert.Equal("Your request has been received", await page.Locator("h1").InnerTextAsync());
        var id = await page.Locator(".ok b").InnerTextAsync();
        Assert.Contains("correction of your data", await page.Locator(".ok").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserHub.ScreenshotAsync(page, "preference-center-en-request-received");

        var list = await t.Client.GetFromJsonAsync<JsonElement>($"/api/v1/{t.Id}/requests?subjectId=helmi");
        var request = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal((id, "rectification", "preference-center"),
            (request.GetProperty("id").GetString()!, request.GetProperty("type").GetString()!, request.GetProperty("channel").GetString()!));
    }
}
