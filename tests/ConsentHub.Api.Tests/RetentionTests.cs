using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Contracts.Events;
using ConsentHub.Hub.Requests;
using ConsentHub.Hub.Security;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteRetentionTests() : RetentionTests
{
    protected override Task<TestHub> StartHubAsync() => TestHub.StartAsync(services: s => s.AddSingleton<TimeProvider>(Clock));

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

/// The Functions app on Cosmos DB: the operator's route runs the same job there.
[Collection(CosmosCollection.A)]
public sealed class CosmosRetentionTests(CosmosServer server) : RetentionTests
{
    protected override Task<TestHub> StartHubAsync() =>
        CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), s => s.AddSingleton<TimeProvider>(Clock));

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// Retention per tenant with the default periods, run by the operator's route at times the test clock sets: what is due
/// is shredded or erased, and not a day before; statements and prohibitions stay.
public abstract class RetentionTests() : StoreHubTest("keep")
{
    protected TestClock Clock { get; } = new();

    [Fact]
    public async Task Evidence_becomes_unreadable_after_45_days_while_every_statement_and_prohibition_stays()
    {
        (await Client.PutAsync("/api/v1/keep/subjects/s1/contact-points", Http.JsonBody("""{"emails":["pida@example.fi"]}"""))).EnsureSuccessStatusCode();
        var evidence = new { ip = "198.51.100.45", userAgent = "Firefox/145 retention" };
        (await Client.PostJsonAsync("/api/v1/keep/newsletters/weekly/subscriptions", new { email = "pida@example.fi", language = "fi", evidence })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/keep/subjects/s1/objections", new { scope = "direct-marketing", channel = "email", evidence })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/keep/subjects/s1/consents", new { purpose = "market-research", channel = "phone", granted = true, evidence })).EnsureSuccessStatusCode();

        Clock.Offset = TimeSpan.FromDays(44);
        Assert.Equal(0, Count(await RunAsync(), "evidence"));
        Assert.Contains("198.51.100.45", await ExportTextAsync(), StringComparison.Ordinal);

        Clock.Offset = TimeSpan.FromDays(47);
        Assert.Equal(1, Count(await RunAsync(), "evidence"));
        var export = await ExportTextAsync();
        Assert.DoesNotContain("198.51.100.45", export, StringComparison.Ordinal);
        Assert.DoesNotContain("Firefox/145", export, StringComparison.Ordinal);

        var preferences = await Client.GetJsonAsync("/api/v1/keep/subjects/s1/preferences");
        Assert.Equal("pida@example.fi", preferences.GetProperty("contactPoints").GetProperty("emails")[0].GetString());
        Assert.Equal("direct-marketing", Assert.Single(preferences.GetProperty("prohibitions").EnumerateArray()).GetProperty("scope").GetString());
        Assert.True(Assert.Single(preferences.GetProperty("consents").EnumerateArray()).GetProperty("granted").GetBoolean());
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync("keep", "direct-marketing", "email", "pida@example.fi"))[0]);
        Assert.Equal((true, "consented"), (await Client.CheckAsync("keep", "market-research", "phone", "subject:s1"))[0]);
        var history = await Client.HistoryAsync("keep", "s1");
        var objection = history.Single(e => e.GetProperty("type").GetString() == "objection.recorded/v1").GetProperty("data");
        Assert.Equal(JsonValueKind.Null, objection.GetProperty("evidence").GetProperty("ip").ValueKind);
        Assert.Equal("direct-marketing", objection.GetProperty("scope").GetString());
        Assert.Contains("\"listId\":\"weekly\",\"language\":\"fi\",\"status\":\"pending\"", export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_account_is_erased_45_days_after_closing_and_its_prohibition_still_denies()
    {
        (await Client.PutAsync("/api/v1/keep/subjects/gone/contact-points", Http.JsonBody("""{"emails":["suljettu@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/keep/subjects/gone/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        (await Client.PutAsync("/api/v1/keep/subjects/open/contact-points", Http.JsonBody("""{"emails":["avoin@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/keep/subjects/gone/closure", new { source = "crm" })).EnsureSuccessStatusCode();

        Clock.Offset = TimeSpan.FromDays(44);
        Assert.Equal(0, Count(await RunAsync(), "closedAccountContactPoints"));
        Assert.Contains("suljettu@example.fi", await ExportTextAsync("gone"), StringComparison.Ordinal);

        Clock.Offset = TimeSpan.FromDays(46);
        Assert.Equal(1, Count(await RunAsync(), "closedAccountContactPoints"));
        Assert.DoesNotContain("suljettu@example.fi", await ExportTextAsync("gone"), StringComparison.Ordinal);
        Assert.Equal("subject.erased/v1", (await Client.HistoryAsync("keep", "gone"))[^1].GetProperty("type").GetString());
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync("keep", "direct-marketing", "email", "suljettu@example.fi"))[0]);
        Assert.Contains("avoin@example.fi", await ExportTextAsync("open"), StringComparison.Ordinal);
        Assert.Equal(0, Count(await RunAsync(), "closedAccountContactPoints"));   // erased once
    }

    [Fact]
    public async Task A_contact_with_no_activity_for_18_months_is_erased_and_not_a_month_before()
    {
        (await Client.PutAsync("/api/v1/keep/subjects/quiet/contact-points", Http.JsonBody("""{"emails":["hiljainen@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/keep/subjects/quiet/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        (await Client.PutAsync("/api/v1/keep/subjects/busy/contact-points", Http.JsonBody("""{"emails":["aktiivinen@example.fi"]}"""))).EnsureSuccessStatusCode();

        Clock.Offset = MonthsAhead(17);
        Assert.Equal(0, Count(await RunAsync(), "inactiveContacts"));
        (await Client.PostJsonAsync("/api/v1/keep/subjects/busy/consents", new { purpose = "market-research", granted = true })).EnsureSuccessStatusCode();

        Clock.Offset = MonthsAhead(19);
        Assert.Equal(1, Count(await RunAsync(), "inactiveContacts"));
        Assert.DoesNotContain("hiljainen@example.fi", await ExportTextAsync("quiet"), StringComparison.Ordinal);
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync("keep", "direct-marketing", "email", "hiljainen@example.fi"))[0]);
        Assert.Contains("aktiivinen@example.fi", await ExportTextAsync("busy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Banner_choices_of_a_browser_never_linked_to_a_person_are_shredded_after_13_months()
    {
        (await Client.PutAsync("/api/v1/keep/subjects/known/contact-points", Http.JsonBody("""{"emails":["tunnettu@example.fi"]}"""))).EnsureSuccessStatusCode();
        foreach (var visitor in new[] { "anon-visitor-1", "linked-visitor-1" })
            Assert.Equal(HttpStatusCode.Created, (await ChooseAsync(visitor)).StatusCode);
        (await Client.PostJsonAsync("/api/v1/keep/subjects/known/visitors", new { visitorId = "linked-visitor-1" })).EnsureSuccessStatusCode();

        Clock.Offset = MonthsAhead(12);
        Assert.Equal(0, Count(await RunAsync(), "anonymousBannerReceipts"));

        Clock.Offset = MonthsAhead(14);
        Assert.Equal(1, Count(await RunAsync(), "anonymousBannerReceipts"));
        // The anonymous visitor's receipts are shredded: nothing more is recorded under its id (the banner starts a new one).
        await (await ChooseAsync("anon-visitor-1")).AssertProblemAsync(410);
        Assert.Equal(HttpStatusCode.Created, (await ChooseAsync("anon-visitor-2")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ChooseAsync("linked-visitor-1")).StatusCode);
        Assert.Equal(0, Count(await RunAsync(), "anonymousBannerReceipts"));
    }

    [Fact]
    public async Task Each_run_is_recorded_with_its_counts_and_is_no_CloudEvent()
    {
        var run = await RunAsync();
        Assert.Subset(run.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()!).ToHashSet(),
            new HashSet<string> { "evidence", "anonymousBannerReceipts", "closedAccountContactPoints", "inactiveContacts", "outbox" });
        Assert.Equal("operator", run.GetProperty("trigger").GetString());

        using var op = Hub.Operator();
        var runs = (await op.GetJsonAsync("/api/v1/admin/jobs/retention")).GetProperty("runs");
        Assert.Equal(run.GetProperty("ranAt").GetDateTimeOffset(), Assert.Single(runs.EnumerateArray()).GetProperty("ranAt").GetDateTimeOffset());
        Assert.DoesNotContain("retention", (await Client.GetJsonAsync("/api/v1/keep/events?limit=1000")).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_legal_hold_is_shredded_by_the_retention_run_once_its_date_has_passed_and_not_before()
    {
        (await Client.PutAsync("/api/v1/keep/subjects/held/contact-points", Http.JsonBody("""{"emails":["lasku@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/keep/subjects/held/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        var until = Clock.GetUtcNow().AddDays(30);
        using (var erased = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/keep/subjects/held")
            { Content = Http.JsonBody($$"""{"keep":["invoicing"],"reason":"Avoin lasku","until":"{{until:yyyy-MM-dd}}"}""") }))
            Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);

        Clock.Offset = TimeSpan.FromDays(29);
        Assert.Equal(0, Count(await RunAsync(), "legal-holds"));
        Assert.Contains("lasku@example.fi", await HeldAsync("held"), StringComparison.Ordinal);

        Clock.Offset = TimeSpan.FromDays(32);
        Assert.Equal(1, Count(await RunAsync(), "legal-holds"));
        Assert.Null(await HeldAsync("held"));
        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync("keep", "direct-marketing", "email", "lasku@example.fi"))[0]);
    }

    /// What the hold keeps, opened with the hold's own key (null once shredded): no route shows it.
    private async Task<string?> HeldAsync(string subjectId)
    {
        var stream = LegalHolds.StreamOf("keep", subjectId);
        var stored = (await Hub.Services.GetRequiredService<IEventStore>().ReadStreamAsync(stream, CancellationToken.None)).Events;
        var placed = Assert.IsType<HoldEvent.Placed>(EventCodec.Decode<HoldEvent>(stored[0].Type, stored[0].Data));
        return (await Hub.Services.GetRequiredService<Sealer>().OpenerAsync(stream, CancellationToken.None))(placed.Held);
    }

    protected async Task<JsonElement> RunAsync()
    {
        using var op = Hub.Operator();
        using var response = await op.PostAsync("/api/v1/admin/jobs/retention", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await response.JsonAsync();
        Assert.All(run.GetProperty("steps").EnumerateArray(), s => Assert.Empty(s.GetProperty("failures").EnumerateArray()));
        return run;
    }

    protected static int Count(JsonElement run, string step) =>
        run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == step).GetProperty("pruned").GetInt32();

    private static TimeSpan MonthsAhead(int months) => DateTimeOffset.UtcNow.AddMonths(months) - DateTimeOffset.UtcNow;

    private async Task<string> ExportTextAsync(string subjectId = "s1") =>
        (await Client.GetJsonAsync($"/api/v1/keep/subjects/{subjectId}/export")).GetRawText();

    private async Task<HttpResponseMessage> ChooseAsync(string visitorId)
    {
        using var http = Hub.Client();
        return await http.SendAsync(Browser(HttpMethod.Post, "/api/v1/keep/banner/consents", Tenant.SiteKey,
            json: new { visitorId, categories = new { analytics = true, marketing = false }, policyVersion = "2026-01-01", action = "save" }));
    }
}
