using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// A legal hold that is not well formed is refused with a 400 naming the field, and the subject is not erased;
/// a hold asked for after the erasure is a 409 (nothing is left to hold).
public sealed class LegalHoldBodyTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private TenantHandle _tenant = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _tenant = await _hub.CreateTenantAsync("pito-400");
    }

    public async Task DisposeAsync()
    {
        _tenant.Dispose();
        await _hub.DisposeAsync();
    }

    private Task<HttpResponseMessage> EraseAsync(string subjectId, string body, string contentType = "application/json") =>
        _tenant.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/pito-400/subjects/{subjectId}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, contentType),
        });

    private static string InYears(double years) => DateTimeOffset.UtcNow.AddDays(365.25 * years).ToString("yyyy-MM-dd");

    public static TheoryData<string, string> BadHolds() => new()
    {
        { """{}""", "keep" },
        { """{"keep":[],"reason":"lasku","until":"2030-01-01"}""", "keep" },
        { """{"keep":["everything"],"reason":"lasku","until":"2030-01-01"}""", "keep" },
        { """{"keep":["invoicing"],"until":"2030-01-01"}""", "reason" },
        { """{"keep":["invoicing"],"reason":"  ","until":"2030-01-01"}""", "reason" },
        { """{"keep":["invoicing"],"reason":"lasku"}""", "until" },
        { """{"keep":["invoicing"],"reason":"lasku","until":"2020-01-01"}""", "until" },
        { """{"keep":["invoicing"],"reason":"lasku","until":"ensi vuonna"}""", "until" },
        { $$"""{"keep":["invoicing"],"reason":"lasku","until":"{{InYears(10.1)}}"}""", "until" },
        { """{"keep":"invoicing","reason":"lasku","until":"2030-01-01"}""", "keep" },
        { """{"keep":["invoicing"],"reason":"lasku","until":""", "until" },   // cut short: not JSON
    };

    [Theory]
    [MemberData(nameof(BadHolds))]
    public async Task A_bad_hold_is_a_400_naming_the_field_and_erases_nothing(string body, string field)
    {
        (await _tenant.Client.PutAsync("/api/v1/pito-400/subjects/s1/contact-points", Http.JsonBody("""{"emails":["pysyy@example.fi"]}"""))).EnsureSuccessStatusCode();

        var problem = await (await EraseAsync("s1", body)).AssertProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var export = await _tenant.Client.GetJsonAsync("/api/v1/pito-400/subjects/s1/export");
        Assert.Equal("pysyy@example.fi", export.GetProperty("preferences").GetProperty("contactPoints").GetProperty("emails")[0].GetString());
    }

    [Fact]
    public async Task A_hold_in_another_media_type_is_a_415_and_a_hold_after_the_erasure_is_a_409()
    {
        (await _tenant.Client.PutAsync("/api/v1/pito-400/subjects/s2/contact-points", Http.JsonBody("""{"emails":["jo@example.fi"]}"""))).EnsureSuccessStatusCode();
        await (await EraseAsync("s2", "keep=invoicing", "text/plain")).AssertProblemAsync(415);
        Assert.Equal(HttpStatusCode.Accepted, (await _tenant.Client.DeleteAsync("/api/v1/pito-400/subjects/s2")).StatusCode);

        var problem = await (await EraseAsync("s2", $$"""{"keep":["invoicing"],"reason":"lasku","until":"{{InYears(1)}}"}""")).AssertProblemAsync(409);

        Assert.EndsWith("subject-already-erased", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeating_an_erasure_answers_the_hold_it_placed_and_another_hold_afterwards_is_a_409()
    {
        (await _tenant.Client.PutAsync("/api/v1/pito-400/subjects/s3/contact-points", Http.JsonBody("""{"emails":["toisto@example.fi"]}"""))).EnsureSuccessStatusCode();
        var body = $$"""{"keep":["debt-collection"],"reason":"Perintä","until":"{{InYears(2)}}"}""";
        using var first = await EraseAsync("s3", body);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var heldUntil = (await first.JsonAsync()).GetProperty("heldUntil").GetDateTimeOffset();

        foreach (var again in new[] { await EraseAsync("s3", body), await _tenant.Client.DeleteAsync("/api/v1/pito-400/subjects/s3") })
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            var answer = await again.JsonAsync();
            Assert.Equal(["contact-points"], answer.GetProperty("held").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(heldUntil, answer.GetProperty("heldUntil").GetDateTimeOffset());
        }
        await (await EraseAsync("s3", $$"""{"keep":["debt-collection"],"reason":"Perintä","until":"{{InYears(3)}}"}""")).AssertProblemAsync(409);
        var erased = (await _tenant.Client.GetJsonAsync("/api/v1/pito-400/subjects/s3/history")).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "subject.erased/v1");
        Assert.Single(erased);
    }
}
