using System.Globalization;
using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Requests;

namespace ConsentHub.Api.Tests;

public sealed class SqliteRequestNoticeTests() : RequestNoticeTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed and the propagation run by themselves
}

/// As on Azure: the Functions app's write path and change-feed step start the notice's Durable propagation.
[Collection(CosmosCollection.B)]
public sealed class CosmosRequestNoticeTests(CosmosServer server) : RequestNoticeTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// Extension, completion and refusal of a request are mailed to the person (GDPR art. 12(3)–(4)) through the
/// propagation engine (target `email`): in their language, naming the request, with the new due date and the reason;
/// a subject without an address is dead-lettered so an operator sees it; an erased subject is told nothing.
public abstract class RequestNoticeTests() : StoreHubTest("notice")
{
    private static readonly TimeZoneInfo Helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    private static string FinnishDate(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Helsinki).ToString("d.M.yyyy", CultureInfo.InvariantCulture);

    private async Task<TenantHandle> TenantInAsync(string language)
    {
        var definition = JsonSerializer.SerializeToNode(Catalogs.Tenant("notice-" + language))!;
        definition["defaultLanguage"] = language;
        return await Hub.CreateTenantAsync("notice-" + language, definition);
    }

    private static async Task<string> ReceiveAsync(TenantHandle t, string subjectId, string type)
    {
        using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/requests",
            new { subjectId, type, receivedAt = "2026-01-31T10:00:00Z", identityVerifiedBy = "signed letter" });
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> ChangeAsync(TenantHandle t, string id, string action, object body)
    {
        using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/requests/{id}/{action}", body);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json;
    }

    private Task<HubMessage> NoticeAsync(TenantHandle t, string to) => Hub.OutboxEmailAsync(t.Id, to, RequestNoticeMessages.Kind);

    [Theory]
    [InlineData("fi", "Pyyntösi käsittely vie lisäaikaa", "kopio tiedoistasi", "Syy: ", "Pyyntösi on käsitelty", "tietojesi poistaminen", "Pyyntöäsi ei toteuteta", "tietojesi korjaaminen", "tietosuojavaltuutetun")]
    [InlineData("sv", "Din begäran behöver mer tid", "en kopia av dina uppgifter", "Skäl: ", "Din begäran är behandlad", "radering av dina uppgifter", "Din begäran genomförs inte", "rättelse av dina uppgifter", "dataombudsmannens")]
    [InlineData("en", "Your request needs more time", "a copy of your data", "Reason: ", "Your request has been handled", "erasure of your data", "Your request was refused", "correction of your data", "Data Protection Ombudsman")]
    public async Task Extension_completion_and_refusal_are_mailed_in_the_persons_language_with_the_reason(string language,
        string extendedSubject, string accessName, string reasonLabel, string completedSubject, string erasureName, string refusedSubject, string rectificationName, string authority)
    {
        using var t = await TenantInAsync(language);
        foreach (var who in new[] { "ext", "done", "no" }) await t.ContactPointsAsync(who, [$"{who}-{language}@example.fi"]);
        var extended = await ReceiveAsync(t, "ext", "access");
        var completed = await ReceiveAsync(t, "done", "erasure");
        var refused = await ReceiveAsync(t, "no", "rectification");
        var due = (await ChangeAsync(t, extended, "extend", new { reason = "Tiedot kolmesta järjestelmästä / data from three systems" })).GetProperty("dueAt").GetDateTimeOffset();
        await ChangeAsync(t, completed, "complete", new { });
        await ChangeAsync(t, refused, "reject", new { reason = "Tiedot ovat oikein / the data is correct" });
        await DeliverAsync(RequestCases.StreamOf(t.Id, extended), RequestCases.StreamOf(t.Id, completed), RequestCases.StreamOf(t.Id, refused));

        var extension = await NoticeAsync(t, $"ext-{language}@example.fi");
        Assert.Equal($"{extendedSubject} – Testi notice-{language} Oy", extension.Subject);
        Assert.Contains(accessName, extension.Text, StringComparison.Ordinal);
        Assert.Contains(reasonLabel + "Tiedot kolmesta järjestelmästä / data from three systems", extension.Text, StringComparison.Ordinal);
        Assert.Contains(language == "en" ? TimeZoneInfo.ConvertTime(due, Helsinki).ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : FinnishDate(due), extension.Text, StringComparison.Ordinal);
        Assert.Contains(extended, extension.Text, StringComparison.Ordinal);

        var completion = await NoticeAsync(t, $"done-{language}@example.fi");
        Assert.Equal($"{completedSubject} – Testi notice-{language} Oy", completion.Subject);
        Assert.Contains(erasureName, completion.Text, StringComparison.Ordinal);

        var refusal = await NoticeAsync(t, $"no-{language}@example.fi");
        Assert.Equal($"{refusedSubject} – Testi notice-{language} Oy", refusal.Subject);
        Assert.Contains(rectificationName, refusal.Text, StringComparison.Ordinal);
        Assert.Contains(reasonLabel + "Tiedot ovat oikein / the data is correct", refusal.Text, StringComparison.Ordinal);
        Assert.Contains(authority, refusal.Text, StringComparison.Ordinal);

        // The status route shows the notice as the `email` target of the request's change, under the subject.
        await Eventually.HoldsAsync(() => t.Client.GetJsonAsync($"/api/v1/{t.Id}/propagations?subjectId=no"),
            p => p.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("changeType").GetString() == "request.rejected/v1")
                && PropagationKit.Target(p, "request.rejected/v1", RequestNoticeTarget.Name).GetProperty("status").GetString() == "succeeded",
            what: "the refusal's `email` target succeeded");
        // Request changes are the controller's case handling, not the person's statements: no CloudEvent for CRMs.
        Assert.DoesNotContain((await t.Client.CloudEventsAsync(t.Id)), e => e.GetProperty("type").GetString()!.Contains("request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_subject_without_an_address_is_dead_lettered_for_an_operator_and_an_erased_subject_is_told_nothing()
    {
        // The erased subject's change first: once the later one's propagation shows, the feed has passed this one.
        await Tenant.ContactPointsAsync("gone", ["gone@example.fi"]);
        var erased = await ReceiveAsync(Tenant, "gone", "erasure");
        using (var erase = await Client.DeleteAsync("/api/v1/notice/subjects/gone")) Assert.True(erase.IsSuccessStatusCode);
        await ChangeAsync(Tenant, erased, "complete", new { });
        var unreachable = await ReceiveAsync(Tenant, "no-address", "access");
        await ChangeAsync(Tenant, unreachable, "complete", new { });
        await DeliverAsync(RequestCases.StreamOf("notice", erased), RequestCases.StreamOf("notice", unreachable));

        var target = await Eventually.HoldsAsync(
            async () => (await Client.GetJsonAsync("/api/v1/notice/propagations?subjectId=no-address")).GetProperty("items").EnumerateArray()
                .SelectMany(i => i.GetProperty("targets").EnumerateArray()).FirstOrDefault(x => x.GetProperty("target").GetString() == RequestNoticeTarget.Name),
            x => x.ValueKind == JsonValueKind.Object && x.GetProperty("status").GetString() == "dead-lettered", what: "the notice to a subject without an address dead-lettered");
        Assert.Equal(RequestNoticeTarget.NoAddress, target.GetProperty("lastError").GetString());

        var gone = await Client.GetJsonAsync("/api/v1/notice/propagations?subjectId=gone");
        Assert.DoesNotContain(gone.GetProperty("items").EnumerateArray().SelectMany(i => i.GetProperty("targets").EnumerateArray()),
            x => x.GetProperty("target").GetString() == RequestNoticeTarget.Name);
        var outbox = Path.Combine(Hub.DataDir, "outbox", "email.jsonl");
        Assert.False(File.Exists(outbox) && File.ReadAllText(outbox).Contains("gone@example.fi", StringComparison.Ordinal));
    }
}
