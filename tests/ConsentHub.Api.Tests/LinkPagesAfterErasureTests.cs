using System.Net;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// After erasure a link records nothing, and its page says so truthfully (in the person's language) instead of "done".
public sealed class LinkPagesAfterErasureTests
{
    [Theory]
    [InlineData("fi", "Tiedot on poistettu")]
    [InlineData("sv", "Uppgifterna har raderats")]
    [InlineData("en", "This address&#x27;s data has been erased")]
    public async Task Every_link_page_of_an_erased_person_says_the_data_was_erased_and_records_nothing(string language, string title)
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync(Tenant("erased-" + language));
        const string Email = "poistettu@example.fi";
        (await t.Client.PutAsync($"/api/v1/{t.Id}/subjects/s1/contact-points", Http.JsonBody($$"""{"emails":["{{Email}}"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/offers/subscriptions", new { email = Email })).Dispose();
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/weekly/subscriptions", new { email = Email, language })).Dispose();
        var confirmation = await hub.OutboxEmailAsync(t.Id, Email, Hub.Newsletters.ConfirmationMessages.Kind);
        var confirm = new Uri(confirmation.Text.Split('\n').Single(l => l.StartsWith(hub.BaseAddress + "c/", StringComparison.Ordinal))).PathAndQuery;
        var links = new List<string> { confirm };
        foreach (var (route, body) in new (string, object)[]
        {
            ("unsubscribe-links", new { email = Email, listId = "offers", language }),
            ("unsubscribe-links", new { subjectId = "s1", purpose = "direct-marketing", language }),
            ("preference-links", new { email = Email, language }),
            ("preference-links", new { subjectId = "s1", language }),
        })
        {
            using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/{route}", body);
            links.Add(new Uri((await response.JsonAsync()).GetProperty("url").GetString()!).PathAndQuery);
        }
        using (var erased = await t.Client.DeleteAsync($"/api/v1/{t.Id}/subjects/s1")) Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);
        var before = await hub.EventCountAsync(t.Id);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = hub.BaseAddress };
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        foreach (var link in links)
        {
            var requests = new List<HttpRequestMessage> { new(HttpMethod.Get, link) };
            if (link.StartsWith("/u/", StringComparison.Ordinal)) requests.Add(new(HttpMethod.Post, link) { Content = Form(("List-Unsubscribe", "One-Click")) });
            if (link.StartsWith("/p/", StringComparison.Ordinal))
            {
                requests.Add(new(HttpMethod.Post, link) { Content = Form(("action", "stop-all")) });
                requests.Add(new(HttpMethod.Post, link + "/send-link"));
            }
            foreach (var request in requests)
            {
                using (request)
                using (var response = await browser.SendAsync(request))
                {
                    var page = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode == HttpStatusCode.Gone, $"{request.Method} {link}: {(int)response.StatusCode}");
                    Assert.Contains(title, page, StringComparison.Ordinal);
                    Assert.Contains($"lang=\"{language}\"", page, StringComparison.Ordinal);
                    Assert.DoesNotContain(PageTexts(language).Done, page, StringComparison.Ordinal);
                }
            }
        }
        using (var problem = await hub.Client().PostAsync(links[1], Form(("List-Unsubscribe", "One-Click"))))
            Assert.Equal("https://consenthub.fi/problems/subject-erased", (await problem.AssertProblemAsync(410)).GetProperty("type").GetString());

        Assert.Equal(before, await hub.EventCountAsync(t.Id));
        Assert.False((await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", Email))[0].Allowed);
    }

    /// An address that was only one of the subject's contact points (no statement was ever made from it) has no
    /// stream of its own, only the tombstone erasure left for it: its links say it was erased all the same.
    [Fact]
    public async Task Links_of_an_erased_subjects_address_that_never_had_a_stream_of_its_own_say_it_was_erased()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync(Tenant("erased-bare"));
        const string Email = "vain-osoite@example.fi";
        (await t.Client.PutAsync($"/api/v1/{t.Id}/subjects/s1/contact-points", Http.JsonBody($$"""{"emails":["{{Email}}"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/subjects/s1/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        var links = new List<string>();
        foreach (var (route, body) in new (string, object)[]
        {
            ("unsubscribe-links", new { email = Email, listId = "offers", language = "en" }),
            ("unsubscribe-links", new { email = Email, purpose = "direct-marketing", language = "en" }),
            ("preference-links", new { email = Email, language = "en" }),
        })
        {
            using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/{route}", body);
            links.Add(new Uri((await response.JsonAsync()).GetProperty("url").GetString()!).PathAndQuery);
        }
        using (var erased = await t.Client.DeleteAsync($"/api/v1/{t.Id}/subjects/s1")) Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);
        var before = await hub.EventCountAsync(t.Id);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = hub.BaseAddress };
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        foreach (var link in links)
        {
            var requests = new List<HttpRequestMessage> { new(HttpMethod.Get, link) };
            if (link.StartsWith("/u/", StringComparison.Ordinal)) requests.Add(new(HttpMethod.Post, link) { Content = Form(("List-Unsubscribe", "One-Click")) });
            if (link.StartsWith("/p/", StringComparison.Ordinal))
            {
                requests.Add(new(HttpMethod.Post, link) { Content = Form(("action", "stop-all")) });
                requests.Add(new(HttpMethod.Post, link + "/send-link"));
            }
            foreach (var request in requests)
            {
                using (request)
                using (var response = await browser.SendAsync(request))
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Gone, $"{request.Method} {link}: {(int)response.StatusCode}");
                    Assert.Contains("This address&#x27;s data has been erased", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }
            }
        }
        Assert.Equal(before, await hub.EventCountAsync(t.Id));
    }

    private static (string Done, string Unused) PageTexts(string language) => (Hub.Pages.PageTexts.For(language).DoneTitle, "");
}
