using System.Globalization;
using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Jobs;

namespace ConsentHub.Api.Tests;

public sealed class SqliteRequestDeadlineReminderTests() : RequestDeadlineReminderTests
{
    protected override Task<TestHub> StartHubAsync() => TestHub.StartAsync(services: s => s.AddSingleton<TimeProvider>(Clock));

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.A)]
public sealed class CosmosRequestDeadlineReminderTests(CosmosServer server) : RequestDeadlineReminderTests
{
    protected override Task<TestHub> StartHubAsync() =>
        CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets(), s => s.AddSingleton<TimeProvider>(Clock));

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// The deadline job tells each tenant's privacy contact, in the tenant's language, which requests are due within 7
/// days and which are overdue, by the hub's clock (a test clock 30 days ahead of the system's here); a tenant without a
/// privacy contact is logged only, a run that finds nothing mails nothing, and every run is recorded with its counts.
public abstract class RequestDeadlineReminderTests() : StoreHubTest("muistutus")
{
    protected TestClock Clock { get; } = new() { Offset = TimeSpan.FromDays(30) };

    private DateTimeOffset Now => Clock.GetUtcNow();

    [Theory]
    [InlineData("fi", "Myöhässä", "Erääntyy 7 päivän kuluessa", "poisto")]
    [InlineData("sv", "Försenade", "Förfaller inom 7 dagar", "radering")]
    [InlineData("en", "Overdue", "Due within 7 days", "erasure")]
    public async Task The_privacy_contact_is_mailed_the_overdue_and_soon_due_requests_in_the_tenants_language(string language, string overdueHeading, string soonHeading, string erasure)
    {
        var tenant = $"muistutus-{language}";
        using var t = await Hub.CreateTenantAsync(tenant, Definition(tenant, language, "tietosuoja@example.fi"));
        (await t.Client.PutAsync($"/api/v1/{tenant}/subjects/m1/contact-points", Http.JsonBody("""{"emails":["henkilo@example.fi"]}"""))).EnsureSuccessStatusCode();
        var overdue = await ReceiveAsync(t, "m1", "erasure", Now.AddMonths(-1).AddDays(-3));
        var soonReceived = Now.AddMonths(-1).AddDays(3);
        var soon = await ReceiveAsync(t, "m2", "access", soonReceived);
        var later = await ReceiveAsync(t, "m3", "access", Now.AddDays(-1));
        var closed = await ReceiveAsync(t, "m4", "access", Now.AddMonths(-2));
        (await t.Client.PostAsync($"/api/v1/{tenant}/requests/{closed}/complete", null)).EnsureSuccessStatusCode();

        var run = await RunAsync();

        Assert.Equal((1, 1, 1, 0, 0), (run.GetProperty("overdue").GetInt32(), run.GetProperty("dueSoon").GetInt32(), run.GetProperty("mailed").GetInt32(),
            run.GetProperty("noContact").GetInt32(), run.GetProperty("failed").GetInt32()));
        var mail = await Hub.OutboxEmailAsync(tenant, "tietosuoja@example.fi", RequestDeadlineReminder.Kind);
        Assert.Contains(overdueHeading, mail.Text, StringComparison.Ordinal);
        Assert.Contains(soonHeading, mail.Text, StringComparison.Ordinal);
        Assert.Contains($"- {overdue}: {erasure}, ", mail.Text, StringComparison.Ordinal);
        Assert.Contains(soon, mail.Text, StringComparison.Ordinal);
        Assert.Contains(Day(Domain.Requests.RequestDeadline.DueAt(soonReceived)), mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(later, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(closed, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("henkilo@example.fi", mail.Text + mail.Subject, StringComparison.Ordinal);
        Assert.True(mail.Text.IndexOf(overdue, StringComparison.Ordinal) < mail.Text.IndexOf(soonHeading, StringComparison.Ordinal), mail.Text);
    }

    [Fact]
    public async Task A_tenant_without_a_privacy_contact_is_counted_and_nobody_is_mailed()
    {
        await ReceiveAsync(Tenant, "n1", "access", Now.AddMonths(-2));

        var run = await RunAsync();

        Assert.Equal((1, 0, 1), (run.GetProperty("overdue").GetInt32(), run.GetProperty("mailed").GetInt32(), run.GetProperty("noContact").GetInt32()));
        Assert.False(File.Exists(Path.Combine(Hub.DataDir, "outbox", "email.jsonl")));
    }

    [Fact]
    public async Task A_run_that_finds_nothing_mails_nothing_and_every_run_is_recorded_with_its_counts()
    {
        using var t = await Hub.CreateTenantAsync("muistutus-tyhja", Definition("muistutus-tyhja", "fi", "tietosuoja@example.fi"));
        await ReceiveAsync(t, "e1", "access", Now.AddDays(-2));   // due in about four weeks

        var run = await RunAsync();
        await RequestDeadlinesAsync();   // the host's own schedule: the Functions app's timer, or the job on the server

        Assert.Equal((0, 0, 0), (run.GetProperty("overdue").GetInt32(), run.GetProperty("dueSoon").GetInt32(), run.GetProperty("mailed").GetInt32()));
        Assert.False(File.Exists(Path.Combine(Hub.DataDir, "outbox", "email.jsonl")));
        var recorded = (await Hub.Services.GetRequiredService<IEventStore>().ReadStreamAsync(RequestDeadlinesJob.Stream, default)).Events
            .Select(e => EventCodec.Decode<RequestDeadlinesEvent>(e.Type, e.Data)).OfType<RequestDeadlinesEvent.Ran>().ToList();
        Assert.Equal(["operator", "timer"], recorded.Select(r => r.Trigger));
        // A run's day is its UTC date, the calendar its 06:00 UTC schedule keeps (at 23:00 UTC Helsinki is already a day on).
        Assert.All(recorded, r => Assert.Equal((RequestDeadlinesJob.DayOf(Now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 0, 0), (r.Day, r.Overdue, r.Mailed)));
    }

    [Fact]
    public async Task A_privacy_contact_that_is_not_an_e_mail_address_is_refused()
    {
        using var op = Hub.Operator();
        using var response = await op.PostAsync("/api/v1/admin/tenants", Http.JsonBody(JsonSerializer.Serialize(Definition("muistutus-huono", "fi", "ei osoite"))));
        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("privacyContactEmail", out _), problem.ToString());
    }

    private static string Day(DateTimeOffset at) => Domain.Requests.RequestDeadline.DayOf(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<JsonElement> RunAsync()
    {
        using var op = Hub.Operator();
        using var response = await op.PostAsync("/api/v1/admin/jobs/request-deadlines", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static async Task<string> ReceiveAsync(TenantHandle t, string subjectId, string type, DateTimeOffset receivedAt)
    {
        using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/requests", new { subjectId, type, identityVerifiedBy = "kirje",
            receivedAt = receivedAt.ToString("O", CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    private static Dictionary<string, object?> Definition(string id, string defaultLanguage, string privacyContactEmail)
    {
        var map = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(Catalogs.Tenant(id)))!;
        map["defaultLanguage"] = defaultLanguage;
        map["privacyContactEmail"] = privacyContactEmail;
        return map;
    }
}
