using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Links;
using ConsentHub.Hub.Requests;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// People file data subject requests themselves from the preference center: only with a link the hub has just mailed
/// to their address, recorded with channel `preference-center`, identity verified by `mailbox` and the page's
/// language, the same form posted twice being one request; and the answer mailed to them later in that language.
public sealed partial class PreferenceRequestTests : IAsyncLifetime
{
    private readonly TestClock _clock = new();
    private TestHub _hub = null!;
    private HttpClient _browser = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync(services: s => s.AddSingleton<TimeProvider>(_clock));
        _browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _hub.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _hub.DisposeAsync();
    }

    [GeneratedRegex("<b>([0-9a-f]{32})</b>")]
    private static partial Regex RequestId();

    private string OwnOrigin => _hub.BaseAddress.GetLeftPart(UriPartial.Authority);

    private static async Task<string> PreferenceLinkAsync(TenantHandle t, object body)
    {
        using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/preference-links", body);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return new Uri(json.GetProperty("url").GetString()!).PathAndQuery;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string? origin, params (string, string)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Form(fields) };
        request.Headers.Accept.ParseAdd("text/html");
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await _browser.SendAsync(request);
    }

    private async Task<string> MailedLinkAsync(TenantHandle t, string forwarded, string email)
    {
        using (var sent = await PostAsync(forwarded + "/send-link?lang=sv", OwnOrigin)) Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var mail = await _hub.OutboxEmailAsync(t.Id, email, MailedLinkMessages.Kind);
        return new Uri(mail.Text.Split('\n').Single(l => l.StartsWith(_hub.BaseAddress + "p/", StringComparison.Ordinal))).PathAndQuery.Split('?')[0];
    }

    private static async Task<List<JsonElement>> RequestsAsync(TenantHandle t, string subjectId) =>
        [.. (await t.Client.GetJsonAsync($"/api/v1/{t.Id}/requests?subjectId={subjectId}")).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task A_request_needs_a_freshly_mailed_link_is_recorded_once_per_form_and_its_answer_is_mailed_in_the_pages_language()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("pc-requests"));
        const string Email = "maija@example.fi";
        await t.ContactPointsAsync("maija", [Email]);
        var forwarded = await PreferenceLinkAsync(t, new { subjectId = "maija", language = "sv" });

        // The page offers the three requests, saying that a mailed link is needed.
        var page = await _browser.GetStringAsync(forwarded);
        Assert.Contains("Dina uppgifter", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"{forwarded}/requests?lang=sv\"", page, StringComparison.Ordinal);
        Assert.Contains("En begäran kan bara göras med en länk som vi skickar till din e-post.", page, StringComparison.Ordinal);
        foreach (var type in new[] { "access", "rectification", "erasure" })
            Assert.Contains($"name=\"type\" value=\"{type}\"", page, StringComparison.Ordinal);

        // A link that was not just mailed files nothing: 403, as a page or as problem details.
        var before = await _hub.EventCountAsync(t.Id);
        using (var refused = await PostAsync(forwarded + "/requests?lang=sv", OwnOrigin, ("type", "erasure")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Skicka mig en länk", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var json = await _browser.PostAsync(forwarded + "/requests", Form(("type", "access"))))
            Assert.Equal("https://consenthub.fi/problems/mailbox-proof-needed", (await json.AssertProblemAsync(403)).GetProperty("type").GetString());
        Assert.Equal(before, await _hub.EventCountAsync(t.Id));
        Assert.Empty(await RequestsAsync(t, "maija"));

        // The mailed link files a correction; posting the same form again (a reload, a double click) is the same request.
        var mailed = await MailedLinkAsync(t, forwarded, Email);
        Assert.DoesNotContain("En begäran kan bara göras", await _browser.GetStringAsync(mailed + "?lang=sv"), StringComparison.Ordinal);
        const string What = "Efternamnet är Virtanen, inte Virtala";
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var filed = await PostAsync(mailed + "/requests?lang=sv", OwnOrigin, ("type", "rectification"), ("details", What));
            var text = await filed.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
            Assert.Contains("Din begäran har tagits emot", text, StringComparison.Ordinal);
            Assert.Contains("rättelse av dina uppgifter", text, StringComparison.Ordinal);
            ids.Add(RequestId().Match(text).Groups[1].Value);
        }
        Assert.Equal(ids[0], ids[1]);
        var request = Assert.Single(await RequestsAsync(t, "maija"));
        Assert.Equal((ids[0], "rectification", "preference-center", "sv", "open"), (request.GetProperty("id").GetString(), request.GetProperty("type").GetString(),
            request.GetProperty("channel").GetString(), request.GetProperty("language").GetString(), request.GetProperty("status").GetString()));
        var due = request.GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(Domain.Requests.RequestDeadline.DueAt(request.GetProperty("receivedAt").GetDateTimeOffset()), due);   // the end of that day in Helsinki
        // The person's words are sealed: not in the store in clear.
        Assert.False(await StoreContents.ContainsAsync(_hub, What));
        // The controller reads them in the case, opened from their seal.
        Assert.Equal(What, (await t.Client.GetJsonAsync($"/api/v1/{t.Id}/requests/{ids[0]}")).GetProperty("details").GetString());

        // Another request from the same link is another case.
        using (var copy = await PostAsync(mailed + "/requests?lang=sv", null, ("type", "access"))) Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        Assert.Equal(2, (await RequestsAsync(t, "maija")).Count);

        // The controller's answer reaches the person in the page's language, not the tenant's default (Finnish).
        using (var done = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/requests/{ids[0]}/reject", new { reason = "Namnet stämmer redan i våra uppgifter" }))
            Assert.True(done.IsSuccessStatusCode);
        var notice = await _hub.OutboxEmailAsync(t.Id, Email, RequestNoticeMessages.Kind);
        Assert.Equal("Din begäran genomförs inte – Testi Oy", notice.Subject);
        Assert.Contains("Skäl: Namnet stämmer redan i våra uppgifter", notice.Text, StringComparison.Ordinal);
        Assert.Contains(ids[0], notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mailed_link_files_for_an_hour_only_and_never_from_another_origin_or_with_a_broken_form()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("pc-requests-guard"));
        const string Email = "ville@example.fi";
        await t.ContactPointsAsync("ville", [Email]);
        var mailed = await MailedLinkAsync(t, await PreferenceLinkAsync(t, new { subjectId = "ville", language = "en" }), Email);
        var before = await _hub.EventCountAsync(t.Id);

        using (var foreign = await PostAsync(mailed + "/requests", "https://evil.example", ("type", "erasure")))
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        foreach (var fields in new[]
        {
            new[] { ("type", "restriction") },
            [("type", "rectification")],
            [("type", "rectification"), ("details", "   ")],
            [("type", "rectification"), ("details", new string('x', PreferenceRequests.DetailsLimit + 1))],
        })
        {
            using var bad = await _browser.PostAsync(mailed + "/requests", Form(fields));
            Assert.Equal("https://consenthub.fi/problems/invalid-request", (await bad.AssertProblemAsync(400)).GetProperty("type").GetString());
        }
        Assert.Equal(before, await _hub.EventCountAsync(t.Id));

        _clock.Offset = LinkTokens.MailedProofLifetime + TimeSpan.FromMinutes(1);
        using (var stale = await PostAsync(mailed + "/requests", OwnOrigin, ("type", "erasure"))) Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Equal(before, await _hub.EventCountAsync(t.Id));
        Assert.Empty(await RequestsAsync(t, "ville"));
    }

    [Fact]
    public async Task A_link_for_a_bare_address_offers_no_request_and_files_none()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("pc-requests-bare"));
        const string Email = "anna@example.fi";
        var forwarded = await PreferenceLinkAsync(t, new { email = Email, language = "fi" });
        var mailed = await MailedLinkAsync(t, forwarded, Email);
        var page = await _browser.GetStringAsync(mailed);
        Assert.Contains("Den här adressen är inte kopplad till kunduppgifter", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"type\"", page, StringComparison.Ordinal);
        using var refused = await _browser.PostAsync(mailed + "/requests", Form(("type", "access")));
        Assert.Equal("https://consenthub.fi/problems/no-subject", (await refused.AssertProblemAsync(409)).GetProperty("type").GetString());
        Assert.Empty((await t.Client.GetJsonAsync($"/api/v1/{t.Id}/requests")).GetProperty("items").EnumerateArray());
    }
}
