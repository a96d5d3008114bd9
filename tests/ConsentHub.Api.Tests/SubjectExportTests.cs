using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqliteSubjectExportTests() : SubjectExportTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the local worker runs propagations itself
}

/// The Functions app on Cosmos DB: the change feed starts each propagation, and its driver runs the tasks.
[Collection(CosmosCollection.A)]
public sealed class CosmosSubjectExportTests(CosmosServer server) : SubjectExportTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// `GET …/subjects/{id}/export` (API.md "Data subject requests"): every section of what the hub holds on a person,
/// valid against the published schema, and the same as a spreadsheet, on every store.
public abstract class SubjectExportTests() : StoreHubTest("vienti")
{
    private const string Subject = "/api/v1/vienti/subjects/s1";

    /// A person with something in every section: contact points, a consent and an objection with evidence, a
    /// newsletter, a linked browser's banner choice, a request, and the propagation of the objection.
    private async Task PersonWithEverythingAsync()
    {
        (await Client.PutAsync($"{Subject}/contact-points", Http.JsonBody("""{"emails":["vienti@example.fi"],"phones":["040 700 0011"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync($"{Subject}/consents", new
        {
            purpose = "market-research", channel = "email", granted = true, source = "asiakaspalvelu, puhelin", policyVersion = "2026-01-01",
            evidence = new { text = "Saammeko kysyä mielipidettäsi?", ip = "198.51.100.21", userAgent = "Selain/2.0", recordedBy = "=Äijälä Öhman" },
        })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/vienti/newsletters/weekly/subscriptions", new { email = "vienti@example.fi" })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync($"{Subject}/visitors", new { visitorId = "v-vienti-0001" })).EnsureSuccessStatusCode();
        using (var browser = Hub.Client())
        using (var choice = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/vienti/banner/consents?k={Tenant.SiteKey}")
        {
            Content = JsonContent.Create(new { visitorId = "v-vienti-0001", categories = new { analytics = true, marketing = false }, policyVersion = "2026-01-01" }),
        })
        {
            choice.Headers.Add("Origin", "https://www.example.fi");
            choice.Headers.UserAgent.ParseAdd("BanneriSelain/1.0");
            using var recorded = await browser.SendAsync(choice);
            Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());
        }
        (await Client.PostJsonAsync("/api/v1/vienti/requests", new { subjectId = "s1", type = "portability", identityVerifiedBy = "passport" })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync($"{Subject}/objections", new { scope = "direct-marketing", channel = "sms", evidence = new { recordedBy = "agent-7" } })).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject("vienti", "s1"));
        await Eventually.HoldsAsync(() => Client.GetJsonAsync("/api/v1/vienti/propagations?subjectId=s1"),
            body => body.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("changeType").GetString()!.Contains("objection", StringComparison.Ordinal)
                && i.GetProperty("completed").GetBoolean()), what: "the objection's propagation settled");
    }

    [Fact]
    public async Task The_export_holds_every_section_and_is_valid_against_its_published_schema()
    {
        await PersonWithEverythingAsync();

        var export = await Client.GetJsonAsync($"{Subject}/export");

        Schemas.AssertValid("consenthub.subject-export.v1.schema.json", export);
        Assert.Equal("1", export.GetProperty("formatVersion").GetString());
        Assert.Equal(["vienti@example.fi"], export.GetProperty("preferences").GetProperty("contactPoints").GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        var statements = export.GetProperty("statements").EnumerateArray().ToList();
        var consent = statements.Single(s => s.GetProperty("kind").GetString() == "consent");
        Assert.Equal(("market-research", "granted", "2026-01-01"), (consent.GetProperty("item").GetString(), consent.GetProperty("value").GetString(), consent.GetProperty("policyVersion").GetString()));
        Assert.Equal(("198.51.100.21", "Selain/2.0", "=Äijälä Öhman"), (consent.GetProperty("evidence").GetProperty("ip").GetString(),
            consent.GetProperty("evidence").GetProperty("userAgent").GetString(), consent.GetProperty("evidence").GetProperty("recordedBy").GetString()));
        Assert.Equal(64, consent.GetProperty("evidence").GetProperty("textSha256").GetString()!.Length);
        Assert.Contains(statements, s => s.GetProperty("kind").GetString() == "objection" && s.GetProperty("channel").GetString() == "sms");
        Assert.Contains(statements, s => s.GetProperty("kind").GetString() == "newsletter" && s.GetProperty("value").GetString() == "pending");
        var receipt = Assert.Single(export.GetProperty("bannerReceipts").EnumerateArray());
        Assert.Equal(("v-vienti-0001", true, false), (receipt.GetProperty("visitorId").GetString(),
            receipt.GetProperty("categories").GetProperty("analytics").GetBoolean(), receipt.GetProperty("categories").GetProperty("marketing").GetBoolean()));
        Assert.Equal("BanneriSelain/1.0", receipt.GetProperty("evidence").GetProperty("userAgent").GetString());
        var objection = export.GetProperty("propagations").EnumerateArray().Single(p => p.GetProperty("changeType").GetString()!.Contains("objection", StringComparison.Ordinal));
        Assert.Contains(objection.GetProperty("targets").EnumerateArray(), t => t.GetProperty("status").GetString() == "succeeded" && t.GetProperty("attempts").GetInt32() >= 1);
        var request = Assert.Single(export.GetProperty("requests").EnumerateArray());
        Assert.Equal(("portability", "open", false), (request.GetProperty("type").GetString(), request.GetProperty("status").GetString(), request.GetProperty("extended").GetBoolean()));
        Assert.True(request.TryGetProperty("dueAt", out _));
        Assert.False(export.TryGetProperty("erasure", out _));
    }

    [Fact]
    public async Task The_csv_export_is_a_spreadsheet_with_one_row_per_statement_quoted_safe_from_formulas_and_readable_by_excel()
    {
        await PersonWithEverythingAsync();

        using var response = await Client.GetAsync($"{Subject}/export?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("consenthub-export-s1.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section,kind,item,channel,value,since,source,policyVersion,contact,textSha256,ip,userAgent,recordedBy,detail,reference", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("contact-points,phone,phone,,'+358407000011,", StringComparison.Ordinal));   // a leading + would be a formula
        var consent = Assert.Single(lines, l => l.StartsWith("statements,consent,market-research,email,granted,", StringComparison.Ordinal));
        Assert.Contains("\"asiakaspalvelu, puhelin\"", consent, StringComparison.Ordinal);   // RFC 4180: a comma is quoted
        Assert.Contains(",'=Äijälä Öhman,", consent, StringComparison.Ordinal);
        Assert.Contains(",198.51.100.21,Selain/2.0,", consent, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("statements,objection,direct-marketing,sms,recorded,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("newsletters,newsletter,weekly,email,pending,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("banner-receipts,cookie-category,marketing,,denied,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("propagations,", StringComparison.Ordinal) && l.Contains(",succeeded,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("requests,portability,", StringComparison.Ordinal) && l.Contains(",open,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_export_format_is_a_400_problem()
    {
        (await Client.PutAsync($"{Subject}/contact-points", Http.JsonBody("""{"emails":["muoto@example.fi"]}"""))).EnsureSuccessStatusCode();

        var problem = await (await Client.GetAsync($"{Subject}/export?format=xml")).AssertProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("format", out _));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"{Subject}/export?format=json")).StatusCode);
    }
}
