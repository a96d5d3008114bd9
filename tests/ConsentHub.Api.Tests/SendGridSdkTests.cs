using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PropagationKit;

namespace ConsentHub.Api.Tests;

/// The hub (real server, SQLite) calling SendGrid through its SDK, against a stand-in that records the exact method,
/// path, Authorization header and body: unsubscribe groups for a ban and its lift, a newsletter's own group, mail/send
/// without an unsubscribe group, and how each answer is classified in the status route.
public sealed class SendGridSdkTests : IAsyncLifetime
{
    private const string Objection = "objection.recorded/v1";
    private StubServer _sendGrid = null!;
    private TestHub _hub = null!;
    private Func<CapturedRequest, int, (int, IDictionary<string, string>?, string?)> _answers = (_, _) => (202, null, "{}");

    public async Task InitializeAsync()
    {
        _sendGrid = await StubServer.StartAsync((request, n) => _answers(request, n));
        _hub = await TestHub.StartAsync(extra: Settings(_sendGrid));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _sendGrid.DisposeAsync();
    }

    private async Task<TenantHandle> TenantAsync(string id, string subject, string email)
    {
        var tenant = await _hub.CreateTenantAsync(id, ConnectedTenant(id));
        await tenant.ContactPointsAsync(subject, [email]);
        return tenant;
    }

    private static string GroupPath(long group) => $"/v3/asm/groups/{group}/suppressions";

    private static readonly long[] EveryGroup = [.. Catalogs.MarketingGroups, WeeklyGroup, OffersGroup];

    private static string[] Recipients(CapturedRequest request) =>
        [.. JsonDocument.Parse(request.Body).RootElement.GetProperty("recipient_emails").EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task A_ban_on_email_joins_the_marketing_and_newsletter_groups_and_its_lift_leaves_them_never_touching_global_unsubscribes()
    {
        using var tenant = await TenantAsync("sg-ban", "s1", "kielto@example.fi");

        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email", source = "customer-service" });
        await SettledAsync(tenant, 1);

        var added = _sendGrid.Requests.Where(r => r.Method == "POST" && r.Path.StartsWith("/v3/asm/groups/", StringComparison.Ordinal)).ToList();
        Assert.Equal(EveryGroup.Select(GroupPath).Order(), added.Select(r => r.Path).Order());
        Assert.All(added, r =>
        {
            Assert.Equal("Bearer SG.test-key", r.Headers["Authorization"]);
            Assert.Equal(["kielto@example.fi"], Recipients(r));
        });

        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email", lifted = true, source = "customer-service" });
        await SettledAsync(tenant, 2);

        var removed = _sendGrid.Requests.Where(r => r.Method == "DELETE").ToList();
        Assert.Equal(EveryGroup.Select(g => GroupPath(g) + "/kielto@example.fi").Order(), removed.Select(r => r.Path).Order());
        Assert.All(removed, r => Assert.Equal("Bearer SG.test-key", r.Headers["Authorization"]));
        Assert.DoesNotContain(_sendGrid.Requests, r => r.Path.Contains("/asm/suppressions/global", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_opt_out_confirmation_goes_by_mail_send_without_an_unsubscribe_group_so_a_suppression_cannot_drop_it()
    {
        using var tenant = await TenantAsync("sg-mail", "s1", "vahvistus@example.fi");

        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "all", source = "customer-service" });
        await SettledAsync(tenant, 1);

        var send = Assert.Single(_sendGrid.Requests, r => r.Path == "/v3/mail/send");
        Assert.Equal(("POST", "Bearer SG.test-key"), (send.Method, send.Headers["Authorization"]));
        var mail = JsonDocument.Parse(send.Body).RootElement;
        Assert.False(mail.TryGetProperty("asm", out _), send.Body);
        Assert.Equal("vahvistus@example.fi", mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal(("uutiset@example.fi", "Testi sg-mail Oy"), (mail.GetProperty("from").GetProperty("email").GetString(), mail.GetProperty("from").GetProperty("name").GetString()));
        Assert.Equal("opt-out-confirmation", mail.GetProperty("custom_args").GetProperty("consenthub_kind").GetString());
        Assert.Contains("suoramarkkinointikielto", mail.GetProperty("content")[0].GetProperty("value").GetString(), StringComparison.OrdinalIgnoreCase);
        // The suppression went first, and the confirmation still went out after it.
        Assert.True(_sendGrid.Requests.ToList().FindIndex(r => r.Path.StartsWith("/v3/asm/groups/", StringComparison.Ordinal)) < _sendGrid.Requests.ToList().FindIndex(r => r.Path == "/v3/mail/send"));
    }

    [Fact]
    public async Task A_double_opt_in_confirmation_goes_by_mail_send_without_an_unsubscribe_group()
    {
        using var tenant = await _hub.CreateTenantAsync("sg-doi", ConnectedTenant("sg-doi"));

        await tenant.RecordAsync("newsletters/weekly/subscriptions", new { email = "tilaaja@example.fi", language = "en" });
        await SettledAsync(tenant, 1);

        var mail = JsonDocument.Parse(Assert.Single(_sendGrid.Requests, r => r.Path == "/v3/mail/send").Body).RootElement;
        Assert.False(mail.TryGetProperty("asm", out _), mail.ToString());
        Assert.Equal("tilaaja@example.fi", mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Contains("/c/", mail.GetProperty("content")[0].GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_sendGrid.Requests, r => r.Path.StartsWith("/v3/asm/", StringComparison.Ordinal));   // pending: no group changes
    }

    [Fact]
    public async Task A_newsletter_unsubscribe_suppresses_its_own_group_only_and_a_later_lift_of_a_ban_keeps_it_there()
    {
        using var tenant = await TenantAsync("sg-list", "s1", "lista@example.fi");
        await tenant.RecordAsync("newsletters/offers/subscriptions", new { email = "lista@example.fi" });
        await SettledAsync(tenant, 1);
        using (var link = await tenant.Client.PostJsonAsync($"/api/v1/{tenant.Id}/unsubscribe-links", new { email = "lista@example.fi", listId = "offers" }))
        using (var browser = _hub.Client())
        using (var unsubscribed = await browser.PostAsync(new Uri((await link.JsonAsync()).GetProperty("url").GetString()!),
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
            Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        await SettledAsync(tenant, 2);

        var listPosts = _sendGrid.Requests.Where(r => r.Method == "POST" && r.Path.StartsWith("/v3/asm/", StringComparison.Ordinal)).ToList();
        var post = Assert.Single(listPosts);
        Assert.Equal((GroupPath(OffersGroup), "Bearer SG.test-key"), (post.Path, post.Headers["Authorization"]));
        Assert.Equal(["lista@example.fi"], Recipients(post));
        Assert.DoesNotContain(_sendGrid.Requests, r => Catalogs.MarketingGroups.Any(g => r.Path.StartsWith(GroupPath(g), StringComparison.Ordinal)));

        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email", source = "customer-service" });
        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email", lifted = true, source = "customer-service" });
        await SettledAsync(tenant, 4);

        // The lift reads the ledger: the list's unsubscribe still stands, so the offers group is suppressed again, not emptied.
        Assert.DoesNotContain(_sendGrid.Requests, r => r.Method == "DELETE" && r.Path.StartsWith(GroupPath(OffersGroup) + "/", StringComparison.Ordinal)
            && r.At > listPosts[0].At);
        Assert.Contains(_sendGrid.Requests, r => r.Method == "DELETE" && r.Path == GroupPath(Catalogs.MarketingGroups[0]) + "/lista@example.fi");
    }

    [Fact]
    public async Task A_429_with_Retry_After_shows_its_retry_time_in_the_status_route_and_is_retried_then()
    {
        _answers = (request, n) => request.Path == GroupPath(Catalogs.MarketingGroups[0]) && n == 1
            ? (429, new Dictionary<string, string> { ["Retry-After"] = "3" }, """{"errors":[{"message":"too many requests"}]}""")
            : (202, null, "{}");
        using var tenant = await TenantAsync("sg-429", "s1", "hidas@example.fi");

        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email" });
        var waiting = await Eventually.HoldsAsync(() => tenant.Client.GetJsonAsync($"/api/v1/{tenant.Id}/propagations"),
            body => body.GetProperty("items").GetArrayLength() == 1 && Target(body, Objection, "sendgrid").TryGetProperty("retryAt", out var at) && at.ValueKind == JsonValueKind.String,
            what: "the retry time in the status route");
        var target = Target(waiting, Objection, "sendgrid");
        var first = _sendGrid.Requests.First(r => r.Path == GroupPath(Catalogs.MarketingGroups[0])).At;
        var retryAt = target.GetProperty("retryAt").GetDateTimeOffset();
        Assert.InRange(retryAt - first, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4.5));
        Assert.Contains("429", target.GetProperty("lastError").GetString());

        var done = Target(await SettledAsync(tenant, 1), Objection, "sendgrid");

        Assert.Equal(("succeeded", 2), (done.GetProperty("status").GetString(), done.GetProperty("attempts").GetInt32()));
        var second = _sendGrid.Requests.Where(r => r.Path == GroupPath(Catalogs.MarketingGroups[0])).ElementAt(1).At;
        Assert.True(second >= retryAt.AddMilliseconds(-100), $"retried at {second:O}, before {retryAt:O}");
    }

    [Fact]
    public async Task A_400_is_dead_lettered_at_the_first_attempt_with_SendGrids_reason()
    {
        _answers = (_, _) => (400, null, """{"errors":[{"field":"group_id","message":"invalid group"}]}""");
        using var tenant = await TenantAsync("sg-400", "s1", "vaara@example.fi");

        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email" });
        var target = Target(await SettledAsync(tenant, 1), Objection, "sendgrid");

        Assert.Equal(("dead-lettered", 1), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        Assert.Contains("400", target.GetProperty("lastError").GetString());
        Assert.Contains("invalid group", target.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task A_removal_SendGrid_does_not_hold_is_done_and_X_RateLimit_Reset_times_a_retry()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeSeconds();
        _answers = (request, n) => request.Method == "DELETE" ? (404, null, """{"errors":[{"message":"not found"}]}""")
            : request.Path == GroupPath(Catalogs.MarketingGroups[1]) && n == 1 ? (429, new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "{}")
            : (202, null, "{}");
        using var tenant = await TenantAsync("sg-404", "s1", "poistettu@example.fi");

        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email" });
        var banned = Target(await SettledAsync(tenant, 1), Objection, "sendgrid");
        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email", lifted = true });
        var lifted = Target(await SettledAsync(tenant, 2), "objection.lifted/v1", "sendgrid");

        Assert.Equal(("succeeded", 2), (banned.GetProperty("status").GetString(), banned.GetProperty("attempts").GetInt32()));
        var calls = _sendGrid.Requests.Where(r => r.Path == GroupPath(Catalogs.MarketingGroups[1])).Select(r => r.At).ToList();
        Assert.True(calls[1] >= DateTimeOffset.FromUnixTimeSeconds(reset).AddMilliseconds(-100), $"retried at {calls[1]:O}, before the reset at {reset}");
        Assert.Equal(("succeeded", 1), (lifted.GetProperty("status").GetString(), lifted.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task A_ban_SendGrid_had_not_heard_of_when_the_subject_was_erased_is_dead_lettered_saying_so()
    {
        _answers = (request, n) => request.Method == "POST" && n == 1 ? (429, new Dictionary<string, string> { ["Retry-After"] = "3" }, "{}") : (202, null, "{}");
        using var tenant = await TenantAsync("sg-late", "s1", "myohassa@example.fi");
        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email" });
        await Eventually.HoldsAsync(() => Task.FromResult(_sendGrid.Requests.Count), n => n > 0, what: "the first, refused attempt");

        using (var erased = await tenant.Client.DeleteAsync($"/api/v1/{tenant.Id}/subjects/s1")) Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);
        var target = Target(await SettledAsync(tenant, 1), Objection, "sendgrid");

        Assert.Equal(("dead-lettered", 2), (target.GetProperty("status").GetString(), target.GetProperty("attempts").GetInt32()));
        Assert.Contains("erased", target.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Single(_sendGrid.Requests);
    }

    [Fact]
    public async Task Erasure_keeps_the_address_suppressed_at_SendGrid()
    {
        using var tenant = await TenantAsync("sg-erase", "s1", "poista@example.fi");
        await tenant.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email" });
        await SettledAsync(tenant, 1);
        var before = _sendGrid.Requests.Count;

        using (var erased = await tenant.Client.DeleteAsync($"/api/v1/{tenant.Id}/subjects/s1")) Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));   // long enough for the worker (50 ms polls) to have sent anything it would
        await SettledAsync(tenant, 1);

        Assert.Equal(before, _sendGrid.Requests.Count);
        Assert.DoesNotContain(_sendGrid.Requests, r => r.Method == "DELETE");
        Assert.False((await tenant.Client.CheckAsync(tenant.Id, "direct-marketing", "email", "poista@example.fi"))[0].Allowed);
    }
}
