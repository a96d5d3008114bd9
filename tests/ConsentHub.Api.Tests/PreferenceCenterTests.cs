using System.Net;
using System.Text.RegularExpressions;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Links;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class SqlitePreferenceCenterTests() : PreferenceCenterTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed and the propagation run by themselves
}

/// As on Azure: the change feed starts the propagation that mails a link, in the Functions app.
[Collection(CosmosCollection.B)]
public sealed class CosmosPreferenceCenterTests(CosmosServer server) : PreferenceCenterTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

[Collection(CosmosCollection.C)]
public sealed class CosmosServerPreferenceCenterTests(CosmosServer server) : PreferenceCenterTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosServerAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.CaughtUpAsync(Hub);
}

/// The preference center over HTTP: state shown as a sender's check sees it, changes recorded with evidence,
/// "stop all marketing", and the permission check following; the same cases on every store.
public abstract partial class PreferenceCenterTests() : StoreHubTest("pc")
{
    private HttpClient _browser = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Hub.BaseAddress };
        _browser.DefaultRequestHeaders.UserAgent.ParseAdd("PreferenceAgent/3.0");
    }

    public override async Task DisposeAsync()
    {
        _browser.Dispose();
        await base.DisposeAsync();
    }

    private static async Task<string> LinkAsync(TenantHandle t, object body)
    {
        using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/preference-links", body);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        Assert.True(json.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(80));
        return new Uri(json.GetProperty("url").GetString()!).PathAndQuery;
    }

    /// The link the hub mails on "send me a link" from the page of an API-issued link: the one that may opt in.
    private async Task<string> MailedLinkAsync(TenantHandle t, string path, string to, StreamId? stream = null)
    {
        using (var response = await _browser.PostAsync(path + "/send-link", null)) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await DeliverAsync(stream ?? StoreContents.ContactStream(Hub, t.Id, to));   // the request is on the person's own stream
        var mail = await Hub.OutboxEmailAsync(t.Id, to, MailedLinkMessages.Kind);
        return new Uri(mail.Text.Split('\n').Single(l => l.StartsWith(Hub.BaseAddress + "p/", StringComparison.Ordinal))).PathAndQuery;
    }

    [GeneratedRegex("<input type=\"checkbox\" name=\"([^\"]+)\"( checked)?( disabled)?>")]
    private static partial Regex Checkbox();

    private async Task<Dictionary<string, (bool Checked, bool Disabled)>> BoxesAsync(string path)
    {
        var page = await _browser.GetStringAsync(path);
        return Checkbox().Matches(page).ToDictionary(m => m.Groups[1].Value, m => (m.Groups[2].Success, m.Groups[3].Success));
    }

    private async Task SaveAsync(string path, params (string Key, string Value)[] fields)
    {
        using var response = await _browser.PostAsync(path, Form(fields));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith(path + "?saved=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private static (string, string)[] Shown(params string[] fields) => [.. fields.Select(f => ("shown", f))];

    [Fact]
    public async Task Every_purpose_and_newsletter_shows_with_its_state_and_description_and_service_notices_stay_on()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("pc-show"));
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/offers/subscriptions", new { email = "eeva@example.fi" })).Dispose();
        var path = await MailedLinkAsync(t, await LinkAsync(t, new { email = "eeva@example.fi", language = "en" }), "eeva@example.fi");
        var page = await _browser.GetStringAsync(path);
        Assert.Contains("<html lang=\"en\"", page, StringComparison.Ordinal);
        Assert.Contains("Surveys &lt;b&gt;sometimes&lt;/b&gt;.", page, StringComparison.Ordinal);   // descriptions are text, not markup
        Assert.Contains("Stop all marketing", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        var boxes = await BoxesAsync(path);
        Assert.Equal((true, false), boxes["purpose.direct-marketing"]);
        Assert.Equal((false, false), boxes["purpose.market-research"]);
        Assert.Equal((true, true), boxes["purpose.service-notices"]);
        Assert.Equal((true, false), boxes["newsletter.offers"]);
        Assert.Equal((false, false), boxes["newsletter.weekly"]);
    }

    [Fact]
    public async Task Saving_records_only_the_changes_with_evidence_and_the_check_follows()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("pc-save"));
        (await t.Client.PutAsync($"/api/v1/{t.Id}/subjects/crm-9/contact-points", Http.JsonBody("{\"emails\":[\"ville@example.fi\"]}"))).Dispose();
        var path = await MailedLinkAsync(t, await LinkAsync(t, new { subjectId = "crm-9" }), "ville@example.fi", StreamId.Subject(t.Id, "crm-9"));
        var all = Shown("purpose.direct-marketing", "purpose.market-research", "newsletter.weekly", "newsletter.offers");

        await SaveAsync(path, [.. all, ("purpose.direct-marketing", "on"), ("purpose.market-research", "on"), ("newsletter.weekly", "on")]);
        Assert.Equal("consented", (await t.Client.CheckAsync(t.Id, "market-research", "email", "ville@example.fi"))[0].Reason);
        Assert.Equal("subscribed", (await t.Client.CheckAsync(t.Id, "newsletter:weekly", "email", "subject:crm-9"))[0].Reason);
        var history = await t.Client.HistoryAsync(t.Id, "crm-9");
        var consent = history.Single(e => e.GetProperty("type").GetString() == "consent.granted/v1");
        Assert.Equal("preference-center", consent.GetProperty("source").GetString());
        Assert.Equal("PreferenceAgent/3.0", consent.GetProperty("data").GetProperty("evidence").GetProperty("userAgent").GetString());
        Assert.Matches("^[0-9a-f]{64}$", consent.GetProperty("data").GetProperty("evidence").GetProperty("textSha256").GetString());

        var count = await Hub.EventCountAsync(t.Id);
        await SaveAsync(path, [.. all, ("purpose.direct-marketing", "on"), ("purpose.market-research", "on"), ("newsletter.weekly", "on")]);
        Assert.Equal(count, await Hub.EventCountAsync(t.Id));   // the same form again changes nothing

        await SaveAsync(path, [.. all, ("purpose.direct-marketing", "on"), ("newsletter.weekly", "on")]);
        Assert.Equal("consent-withdrawn", (await t.Client.CheckAsync(t.Id, "market-research", "email", "ville@example.fi"))[0].Reason);
        Assert.Equal(count + 1, await Hub.EventCountAsync(t.Id));
    }

    [Fact]
    public async Task Stop_all_marketing_forbids_direct_marketing_and_leaves_every_newsletter()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("pc-stop"));
        (await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/offers/subscriptions", new { email = "kaisa@example.fi" })).Dispose();
        var path = await MailedLinkAsync(t, await LinkAsync(t, new { email = "kaisa@example.fi" }), "kaisa@example.fi");

        await SaveAsync(path, ("action", "stop-all"));
        foreach (var purpose in new[] { "direct-marketing", "market-research", "newsletter:offers", "newsletter:weekly" })
            Assert.Equal("direct-marketing-prohibited", (await t.Client.CheckAsync(t.Id, purpose, "email", "kaisa@example.fi"))[0].Reason);
        Assert.Equal("service-notice", (await t.Client.CheckAsync(t.Id, "service-notices", "email", "kaisa@example.fi"))[0].Reason);
        var boxes = await BoxesAsync(path);
        Assert.Equal((false, false), boxes["purpose.direct-marketing"]);
        Assert.Equal((false, true), boxes["newsletter.offers"]);
        Assert.Contains("All marketing has been stopped", await _browser.GetStringAsync(path + "?lang=en&saved=stopped"), StringComparison.Ordinal);

        // Allowing direct marketing again lifts the prohibition, and the left newsletter stays left.
        await SaveAsync(path, [.. Shown("purpose.direct-marketing"), ("purpose.direct-marketing", "on")]);
        Assert.Equal("no-objection", (await t.Client.CheckAsync(t.Id, "direct-marketing", "email", "kaisa@example.fi"))[0].Reason);
        Assert.Equal("unsubscribed", (await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", "kaisa@example.fi"))[0].Reason);
    }

    [Fact]
    public async Task A_tampered_or_foreign_preference_token_is_refused_and_records_nothing()
    {
        using var t = await Hub.CreateTenantAsync(Tenant("pc-tamper"));
        var path = await LinkAsync(t, new { email = "x@example.fi" });
        var before = await Hub.EventCountAsync(t.Id);
        using var tampered = await _browser.PostAsync(path[..^3] + "abc", Form(("action", "stop-all")));
        await tampered.AssertProblemAsync(400);
        using var unsubscribe = await _browser.PostAsync(path.Replace("/p/", "/u/", StringComparison.Ordinal), Form(("List-Unsubscribe", "One-Click")));
        await unsubscribe.AssertProblemAsync(400);
        Assert.Equal(before, await Hub.EventCountAsync(t.Id));
    }
}
