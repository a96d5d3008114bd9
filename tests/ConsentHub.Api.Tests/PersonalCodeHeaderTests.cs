using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

/// A henkilötunnus must never be stored: not as a request id (Idempotency-Key) and not in any header kept as evidence.
public sealed class PersonalCodeHeaderTests() : HubTest("hetu-headers")
{
    [Theory]
    [InlineData("Idempotency-Key", "131052-308T")]
    [InlineData("Idempotency-Key", "tilaus-010101A123N")]
    [InlineData("User-Agent", "Mozilla/5.0 131052-308T")]
    public async Task A_personal_identity_code_in_a_stored_header_is_400_naming_the_header(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hetu-headers/subjects/s1/objections")
        {
            Content = Http.JsonBody("""{"scope":"profiling"}"""),
        };
        request.Headers.TryAddWithoutValidation(header, value);
        var problem = await (await Client.SendAsync(request)).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(header, out _), problem.ToString());

        using var history = await Client.GetAsync("/api/v1/hetu-headers/subjects/s1/history");
        Assert.DoesNotContain("profiling", await history.Content.ReadAsStringAsync());   // nothing was recorded
    }

    [Fact]
    public async Task An_ordinary_idempotency_key_is_accepted()
    {
        using var response = await Client.PostJsonAsync("/api/v1/hetu-headers/subjects/s2/objections", new { scope = "profiling" }, idempotencyKey: "order-131052-3081");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
